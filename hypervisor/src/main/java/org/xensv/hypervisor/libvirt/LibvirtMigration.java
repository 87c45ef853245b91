package org.xensv.hypervisor.libvirt;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainJobStats;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.libvirt.TypedUlongParameter;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.api.PowerStateTable;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationFailedException;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.spi.Migration;

/**
 * Live migration of a running domain to another libvirt host, as virsh's {@code migrate --live
 * --persistent --undefinesource}: {@code virDomainMigrate3} with the bandwidth limit, the downtime
 * target set on the running job ({@code virDomainMigrateSetMaxDowntime}), and QEMU's data sent to the
 * destination endpoint's address. The job's statistics, sampled while it runs, become the same
 * progress events and flight report as the embedded engine's ({@link LibvirtFlight}); cancel aborts
 * the job ({@code virDomainAbortJob}). The source runs until QEMU has switched over; on failure it
 * runs on and the destination keeps nothing.
 *
 * <p>The embedded engine's own knobs have no libvirt counterpart and are not applied: the round and
 * byte bounds (QEMU iterates until the downtime target is met), and checksum verification. Post-copy
 * is refused, not faked. Auto-converge maps to {@code VIR_MIGRATE_AUTO_CONVERGE}.
 */
final class LibvirtMigration implements Migration {

    /** {@code VIR_MIGRATE_LIVE | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE}. */
    private static final long FLAGS = 1 | 8 | 16;
    private static final long LIVE = 1;
    /** {@code VIR_MIGRATE_AUTO_CONVERGE}. */
    private static final long AUTO_CONVERGE = 1 << 13;
    /** {@code VIR_DOMAIN_JOB_STATS_COMPLETED}. */
    private static final int COMPLETED = 1;
    static final long SAMPLE_MILLIS = 200;
    private static final long MIB = 1024 * 1024;
    /** An unlimited migration predicted at 10 Gbit/s, the embedded engine's estimate too. */
    private static final double UNLIMITED_ESTIMATE_BYTES_PER_SEC = 1.25e9;

    private final LibvirtConnection host;

    LibvirtMigration(LibvirtConnection host) {
        this.host = host;
    }

    /**
     * This host's libvirt URI, and the address QEMU's migration data comes to: the URI's host, or the
     * loopback address for a local URI ({@code qemu:///system}), whose host name may not resolve.
     */
    @Override
    public MigrationEndpoint receiveEndpoint() {
        String address = URI.create(host.uri()).getHost();
        return new MigrationEndpoint(address == null || address.isBlank() ? "127.0.0.1" : address, 0, host.uri());
    }

    /**
     * The pre-copy model's prediction from the guest's memory and the bandwidth asked for. libvirt
     * measures the dirty rate only once the job runs, so the prediction assumes none and says so.
     */
    @Override
    public MigrationPrediction predict(UUID uuid, MigrationOptions options) {
        DomainInfo info = host.lifecycle().info(uuid);
        PowerStateTable.check(info.name(), info.powerState(), Operation.MIGRATE);
        double link = options.bandwidthBytesPerSec() == 0 ? UNLIMITED_ESTIMATE_BYTES_PER_SEC : options.bandwidthBytesPerSec();
        MigrationPrediction p = MigrationPrediction.predict(info.memoryMiB() * MIB, 0, link, options);
        return new MigrationPrediction(p.nonZeroBytes(), p.dirtyBytesPerSec(), p.bandwidthBytesPerSec(), p.rounds(), p.totalTime(),
                p.downtime(), p.bytes(), p.converges(), p.dirtyRateExceedsLink(), p.mode(),
                "libvirt measures the guest's dirty rate only once the migration runs: this assumes all of its memory is sent once"
                        + (p.warning() == null || p.warning().isBlank() ? "" : "; " + p.warning()),
                p.slowedTime());
    }

    @Override
    public MigrationHandle migrate(UUID uuid, MigrationEndpoint destination, MigrationOptions options, MigrationProgress progress) {
        if (!destination.libvirt()) {
            throw new OperationNotSupportedException(LibvirtDriver.NAME,
                    "live migration to a host that is not a libvirt host (" + destination + ")");
        }
        if (options.postCopy()) {
            throw new OperationNotSupportedException(LibvirtDriver.NAME, "post-copy migration");
        }
        MigrationPrediction prediction = predict(uuid, options);
        Domain domain = host.domain(uuid, "migrate");
        String name = host.call(uuid, null, "migrate", domain::getName);
        Job job = new Job(UUID.randomUUID(), uuid, name, destination, options, prediction, progress, domain);
        Thread.ofPlatform().daemon().name("libvirt-migration-" + name).start(job::run);
        return job;
    }

    /** One migration: runs on its own thread, sampled by a second one until it ends. */
    private final class Job implements MigrationHandle {

        private final UUID id;
        private final UUID uuid;
        private final String name;
        private final MigrationEndpoint destination;
        private final MigrationOptions options;
        private final MigrationPrediction prediction;
        private final MigrationProgress progress;
        private final Domain domain;
        private final CompletableFuture<MigrationReport> result = new CompletableFuture<>();
        private final AtomicBoolean cancelRequested = new AtomicBoolean();
        private final LibvirtFlight flight;
        private volatile MigrationPhase phase = MigrationPhase.CONNECTING;

        Job(UUID id, UUID uuid, String name, MigrationEndpoint destination, MigrationOptions options,
            MigrationPrediction prediction, MigrationProgress progress, Domain domain) {
            this.id = id;
            this.uuid = uuid;
            this.name = name;
            this.destination = destination;
            this.options = options;
            this.prediction = prediction;
            this.progress = progress;
            this.domain = domain;
            this.flight = new LibvirtFlight(options.autoConverge() ? MigrationMode.AUTO_CONVERGE : MigrationMode.PRE_COPY);
        }

        void run() {
            Connect target;
            try {
                target = new Connect(destination.libvirtUri(), false);
            } catch (LibvirtException e) {
                fail(MigrationPhase.CONNECTING, "the destination " + destination.libvirtUri() + " cannot be reached: "
                        + e.getError().getMessage() + " (" + e.getError().getCode() + ")", e);
                return;
            }
            try {
                if (cancelRequested.get()) {
                    fail(MigrationPhase.CANCELLED, "cancelled by the user", null);
                    return;
                }
                phase = MigrationPhase.PRE_COPY;
                Thread sampler = Thread.ofPlatform().daemon().name("libvirt-migration-stats-" + name).start(this::sample);
                Domain moved;
                try {
                    moved = domain.migrate(target, parameters(), flags());
                } finally {
                    sampler.interrupt();
                    sampler.join();
                }
                Map<String, Long> done = stats(moved.getJobStats(COMPLETED));
                MigrationReport report = flight.report(id, uuid, destination.toString(), done, prediction);
                phase = MigrationPhase.COMPLETED;
                progress.onProgress(new MigrationProgress.Event(MigrationPhase.COMPLETED, report.rounds(), report.bytesOnWire(), 0, 0, 0,
                        report.totalTime().toNanos(), null));
                result.complete(report);
            } catch (LibvirtException e) {
                boolean cancelled = cancelRequested.get();
                fail(cancelled ? MigrationPhase.CANCELLED : phase, cancelled ? "cancelled by the user"
                        : "libvirt said: " + e.getError().getMessage() + " (" + e.getError().getCode() + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(phase, "interrupted", e);
            } catch (RuntimeException e) {
                fail(phase, String.valueOf(e.getMessage()), e);
            } finally {
                try {
                    target.close();
                } catch (LibvirtException e) {
                    // the migration's outcome stands; the connection is gone either way
                }
            }
        }

        private TypedParameter[] parameters() {
            List<TypedParameter> params = new java.util.ArrayList<>();
            if (options.bandwidthBytesPerSec() > 0) {
                params.add(new TypedUlongParameter("bandwidth", Math.max(1, (options.bandwidthBytesPerSec() + MIB - 1) / MIB)));
            }
            params.add(new TypedStringParameter("migrate_uri", "tcp://" + destination.host()));
            return params.toArray(TypedParameter[]::new);
        }

        private long flags() {
            long flags = options.live() ? FLAGS : FLAGS & ~LIVE;
            return options.autoConverge() ? flags | AUTO_CONVERGE : flags;
        }

        /** Samples the running job until interrupted; sets the downtime target once the job has started. */
        private void sample() {
            boolean downtimeSet = false;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Map<String, Long> job = stats(domain.getJobStats(0));
                    if (job.containsKey("memory_remaining")) {
                        if (!downtimeSet) {
                            domain.migrateSetMaxDowntime(Math.max(1, options.downtimeTarget().toMillis()));
                            downtimeSet = true;
                        }
                        progress.onProgress(flight.sampled(job));
                    }
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (LibvirtException e) {
                    return; // the job ended (or the source domain is gone): the migrate call says how
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void fail(MigrationPhase at, String reason, Throwable cause) {
            phase = at == MigrationPhase.CANCELLED ? MigrationPhase.CANCELLED : MigrationPhase.FAILED;
            boolean sourceRunning;
            try {
                sourceRunning = domain.isActive() == 1;
            } catch (LibvirtException e) {
                sourceRunning = false;
            }
            result.completeExceptionally(new MigrationFailedException(name, destination.toString(), at, reason, sourceRunning, cause));
        }

        @Override
        public UUID migrationId() {
            return id;
        }

        @Override
        public MigrationPrediction prediction() {
            return prediction;
        }

        @Override
        public MigrationPhase phase() {
            return phase;
        }

        /** Aborts the running job; false once it has ended (or had not started yet: then it is refused when it does). */
        @Override
        public boolean cancel() {
            if (result.isDone()) {
                return false;
            }
            cancelRequested.set(true);
            try {
                domain.abortJob();
                return true;
            } catch (LibvirtException e) {
                return false;
            }
        }

        @Override
        public CompletableFuture<MigrationReport> result() {
            return result;
        }
    }

    static Map<String, Long> stats(DomainJobStats job) {
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
