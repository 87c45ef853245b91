package org.xensv.hypervisor.libvirt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.DomainJobStats;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.libvirt.TypedUlongParameter;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerStateTable;

/**
 * Live migration of a running domain between two libvirt connections, as virsh's
 * {@code migrate --live --persistent --undefinesource}: {@code virDomainMigrate3} with a bandwidth
 * limit, the downtime target set on the running job ({@code virDomainMigrateSetMaxDowntime}), the job's
 * statistics sampled while it runs and read completed on the destination. The source runs until QEMU
 * has switched over; on failure it runs on and the destination keeps nothing.
 *
 * <p>Not yet the SPI's {@code Migration}: that capability speaks the embedded engine's endpoints,
 * options and handles ({@code org.xensv.hypervisor.migration}), which the libvirt driver may not import;
 * see docs/libvirt.md.
 */
final class LibvirtMigration {

    /** {@code VIR_MIGRATE_LIVE | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE}. */
    private static final long FLAGS = 1 | 8 | 16;
    /** {@code VIR_DOMAIN_JOB_STATS_COMPLETED}. */
    private static final int COMPLETED = 1;
    private static final long SAMPLE_MILLIS = 200;

    /** Where the guest is moved and how: {@code migrateUri} null = libvirt picks the destination's address. */
    record Options(long bandwidthMiBPerSecond, long maxDowntimeMillis, String migrateUri) {
        Options {
            if (bandwidthMiBPerSecond < 0) {
                throw new InvalidValueException("bandwidthMiBPerSecond", bandwidthMiBPerSecond, "must not be negative (0 = unlimited)");
            }
            if (maxDowntimeMillis < 1) {
                throw new InvalidValueException("maxDowntimeMillis", maxDowntimeMillis, "must be at least 1 ms");
            }
        }
    }

    /** One look at the running job: memory still to send, pre-copy round, dirty rate in pages per second. */
    record Sample(long elapsedMillis, long memoryRemainingBytes, long iteration, long dirtyPagesPerSecond) {
    }

    /** What libvirt counted once the guest ran on the destination. */
    record Report(long totalMillis, long downtimeMillis, long memoryBytesSent, long iterations, List<Sample> samples) {
    }

    private LibvirtMigration() {
    }

    /** Moves the running domain from {@code source} to {@code destination}; returns once it runs there. */
    static Report migrate(LibvirtConnection source, LibvirtConnection destination, UUID uuid, Options options) {
        Domain domain = source.domain(uuid, "migrate");
        String name = source.call(uuid, null, "migrate", domain::getName);
        PowerStateTable.check(name, source.lifecycle().info(uuid).powerState(), Operation.MIGRATE);
        List<TypedParameter> params = new ArrayList<>();
        if (options.bandwidthMiBPerSecond() > 0) {
            params.add(new TypedUlongParameter("bandwidth", options.bandwidthMiBPerSecond()));
        }
        if (options.migrateUri() != null) {
            params.add(new TypedStringParameter("migrate_uri", options.migrateUri()));
        }
        List<Sample> samples = new ArrayList<>();
        Thread sampler = Thread.ofPlatform().daemon().name("libvirt-migration-" + uuid)
                .start(() -> sample(domain, options.maxDowntimeMillis(), samples));
        Domain moved;
        try {
            moved = source.call(uuid, name, "migrate to " + destination.uri(),
                    () -> domain.migrate(destination.connect(), params.toArray(TypedParameter[]::new), FLAGS));
        } finally {
            sampler.interrupt();
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Long> done = destination.call(uuid, name, "read the migration's statistics", () -> stats(moved.getJobStats(COMPLETED)));
        List<Sample> seen;
        synchronized (samples) {
            seen = List.copyOf(samples);
        }
        return new Report(done.getOrDefault("time_elapsed", 0L), done.getOrDefault("downtime", 0L),
                done.getOrDefault("memory_processed", 0L), done.getOrDefault("memory_iteration", 0L), seen);
    }

    /** Samples the running job until interrupted; sets the downtime target once the job has started. */
    private static void sample(Domain domain, long maxDowntimeMillis, List<Sample> samples) {
        boolean downtimeSet = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Map<String, Long> job = stats(domain.getJobStats(0));
                if (job.containsKey("memory_remaining")) {
                    if (!downtimeSet) {
                        domain.migrateSetMaxDowntime(maxDowntimeMillis);
                        downtimeSet = true;
                    }
                    synchronized (samples) {
                        samples.add(new Sample(job.getOrDefault("time_elapsed", 0L), job.get("memory_remaining"),
                                job.getOrDefault("memory_iteration", 0L), job.getOrDefault("memory_dirty_rate", 0L)));
                    }
                }
                Thread.sleep(SAMPLE_MILLIS);
            } catch (LibvirtException e) {
                return; // the job ended (or the source domain is gone): the migrate call says how
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Map<String, Long> stats(DomainJobStats job) {
        Map<String, Long> out = new HashMap<>();
        if (job == null || job.stats == null) {
            return out;
        }
        for (TypedParameter p : job.stats) {
            try {
                out.put(p.field, Long.parseLong(p.getValueAsString()));
            } catch (NumberFormatException e) {
                // a string or double statistic: not one read here
            }
        }
        return out;
    }
}
