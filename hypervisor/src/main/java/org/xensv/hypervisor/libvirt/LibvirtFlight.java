package org.xensv.hypervisor.libvirt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.RoundReport;

/**
 * A libvirt migration job's statistics as the embedded engine's flight record: each sample of the
 * running job ({@code virDomainGetJobStats}) becomes a progress event, a pre-copy round ends when
 * QEMU's {@code memory_iteration} moves on, and the completed job's statistics read on the
 * destination make the report, with the last round as the stop-and-copy QEMU did in its downtime.
 *
 * <p>What libvirt does not count is zero: throttled time (QEMU reports the throttle, not for how
 * long), post-copy page requests, the memory checksum and the console's GC pauses.
 */
final class LibvirtFlight {

    private static final long PAGE = 4096;

    private final MigrationMode asked;
    private final List<RoundReport> rounds = new ArrayList<>();
    private long iteration = -1;
    private long roundStartProcessed;
    private long roundStartMillis;
    private long roundStartPages;
    private long roundStartZeroPages;
    private int maxThrottle;
    private Map<String, Long> last = Map.of();

    LibvirtFlight(MigrationMode asked) {
        this.asked = asked;
    }

    /** The progress event for one sample of the running job; it carries the round that just ended, if one did. */
    synchronized MigrationProgress.Event sampled(Map<String, Long> job) {
        long now = job.getOrDefault("time_elapsed", 0L);
        long at = job.getOrDefault("memory_iteration", 0L);
        int throttle = (int) (long) job.getOrDefault("auto_converge_throttle", 0L);
        maxThrottle = Math.max(maxThrottle, throttle);
        RoundReport ended = null;
        if (iteration >= 0 && at > iteration) {
            ended = round("pre-copy", job, now);
            rounds.add(ended);
        }
        if (iteration < 0 || ended != null) {
            start(job, now);
        }
        iteration = at;
        last = job;
        return new MigrationProgress.Event(MigrationPhase.PRE_COPY, (int) at, job.getOrDefault("memory_processed", 0L),
                job.getOrDefault("memory_remaining", 0L), dirtyBytesPerSec(job), throttle, now * 1_000_000, ended);
    }

    /** The report from the completed job's statistics ({@code VIR_DOMAIN_JOB_STATS_COMPLETED}). */
    synchronized MigrationReport report(UUID migrationId, UUID domain, String destination, Map<String, Long> done,
                                        MigrationPrediction prediction) {
        long total = done.getOrDefault("time_elapsed", 0L);
        if (iteration < 0) {
            start(Map.of(), 0);
        }
        rounds.add(round("stop-and-copy", done, total));
        long bytes = done.getOrDefault("memory_processed", done.getOrDefault("data_transferred", 0L));
        long pages = done.getOrDefault("memory_normal", bytes / PAGE);
        int iterations = (int) Math.max(rounds.size(), done.getOrDefault("memory_iteration", 0L));
        MigrationMode mode = asked == MigrationMode.AUTO_CONVERGE && maxThrottle > 0 ? MigrationMode.AUTO_CONVERGE : MigrationMode.PRE_COPY;
        return new MigrationReport(migrationId, domain, destination, mode, rounds, Duration.ofMillis(total),
                Duration.ofMillis(done.getOrDefault("downtime", 0L)), done.getOrDefault("data_transferred", bytes), pages, iterations,
                maxThrottle, Duration.ZERO, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ZERO, prediction);
    }

    private void start(Map<String, Long> job, long now) {
        roundStartMillis = now;
        roundStartProcessed = job.getOrDefault("memory_processed", 0L);
        roundStartPages = job.getOrDefault("memory_normal", 0L);
        roundStartZeroPages = job.getOrDefault("memory_constant", 0L);
    }

    /** The round from the last start to {@code job}: what was sent in it, how long it took, the dirty rate QEMU saw. */
    private RoundReport round(String kind, Map<String, Long> job, long now) {
        long bytes = Math.max(0, job.getOrDefault("memory_processed", roundStartProcessed) - roundStartProcessed);
        long pages = Math.max(0, job.getOrDefault("memory_normal", roundStartPages + bytes / PAGE) - roundStartPages);
        long zeros = Math.max(0, job.getOrDefault("memory_constant", roundStartZeroPages) - roundStartZeroPages);
        Duration took = Duration.ofMillis(Math.max(0, now - roundStartMillis));
        double dirtyPagesPerSec = job.containsKey("memory_dirty_rate") ? job.get("memory_dirty_rate")
                : last.getOrDefault("memory_dirty_rate", 0L);
        long dirtyPages = (long) (dirtyPagesPerSec * took.toMillis() / 1000.0);
        return new RoundReport(rounds.size(), kind, pages, zeros, bytes, dirtyPages, dirtyPagesPerSec, took,
                (int) (long) job.getOrDefault("auto_converge_throttle", 0L));
    }

    private static double dirtyBytesPerSec(Map<String, Long> job) {
        return job.getOrDefault("memory_dirty_rate", 0L) * (double) job.getOrDefault("memory_page_size", PAGE);
    }
}
