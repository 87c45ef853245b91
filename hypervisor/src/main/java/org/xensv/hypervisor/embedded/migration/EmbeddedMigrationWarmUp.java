package org.xensv.hypervisor.embedded.migration;

import java.util.ArrayList;
import java.util.List;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedHost;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.Migrations;

/**
 * Migrates small guests of every workload back and forth between two {@link EmbeddedRuntime#scratch
 * scratch hosts}, so that the first migration a user starts runs code the JIT has compiled already,
 * for the classes and branches a real migration takes: the embedded source and target, fresh guest
 * memory and memory from the kept pool on either side, a guest that keeps writing while its pages go,
 * populated and empty chunks. A warm-up of stand-ins instead (its own source and target, one kind of
 * memory) left the compiled code betting on them: the first real migration threw it away and compiled
 * it again, on the processors the migration needed (measured: 90–185 compilations during the first
 * migration of a freshly started console, 20–40 by the fourth).
 *
 * <p>Touches no host of the console's: the scratch hosts are outside the registry, and their guests'
 * memory ({@value #GUEST_MIB} MiB each, at most two at a time) comes out of the console's reserve.
 */
public final class EmbeddedMigrationWarmUp {

    static final long GUEST_MIB = 64;
    static final long FILL_MIB = 32;
    /** Back and forth per workload: each side's memory is fresh once and from the kept pool once. */
    static final int MIGRATIONS_PER_GUEST = 4;

    /** The workloads a user migrates (a CPU burner writes no more than an idle guest). */
    static final List<WorkloadKind> KINDS = List.of(WorkloadKind.IDLE, WorkloadKind.WEB, WorkloadKind.DATABASE, WorkloadKind.STREAMER);
    /**
     * The workloads that write hardest while they move (dirty rounds, throttling, a large last set): a
     * shorter pass over the engine's loops, once their classes are loaded and the other paths profiled.
     */
    public static final List<WorkloadKind> WRITERS = List.of(WorkloadKind.DATABASE, WorkloadKind.STREAMER);

    private EmbeddedMigrationWarmUp() {
    }

    /**
     * What a pass did: its migrations' reports, in order, and whether it stopped early because another
     * migration started in this process meanwhile (a user's: the warm-up leaves it the processors).
     */
    public record Pass(List<MigrationReport> reports, boolean yielded) {
    }

    /** One pass: each workload's guest back and forth. Throws if a migration failed, as a real one would. */
    public static Pass run() {
        return run(KINDS);
    }

    /** A pass over the guests of {@code kinds} only. */
    public static Pass run(List<WorkloadKind> kinds) {
        EmbeddedHost a = EmbeddedRuntime.scratch("migration-warm-up-a", 2, 2 * GUEST_MIB);
        EmbeddedHost b = EmbeddedRuntime.scratch("migration-warm-up-b", 2, 2 * GUEST_MIB);
        List<MigrationReport> reports = new ArrayList<>();
        long expected = Migrations.started();
        try {
            for (WorkloadKind kind : kinds) {
                WorkloadSpec defaults = WorkloadSpec.defaults(kind);
                DomainConfig config = DomainConfig.of("migration-warm-up-" + kind.name().toLowerCase(), 1, GUEST_MIB)
                        .withWorkload(new WorkloadSpec(kind, FILL_MIB, Math.min(defaults.workingSetMiB(), FILL_MIB / 2),
                                defaults.pagesPerSecond(), 7));
                EmbeddedDomain domain = a.define(config);
                domain.start();
                awaitFilled(domain);
                EmbeddedHost from = a;
                EmbeddedHost to = b;
                for (int i = 0; i < MIGRATIONS_PER_GUEST; i++) {
                    if (Migrations.started() != expected) {
                        return new Pass(reports, true);
                    }
                    reports.add(EmbeddedMigration.migrate(from, config.uuid(), EmbeddedMigration.receiveEndpoint(to),
                            MigrationOptions.defaults(), null).await());
                    expected++;
                    EmbeddedHost was = from;
                    from = to;
                    to = was;
                }
                from.domain(config.uuid()).hardShutdown();
                from.undefine(config.uuid());
            }
            return new Pass(reports, false);
        } finally {
            EmbeddedRuntime.discard(a);
            EmbeddedRuntime.discard(b);
        }
    }

    /** Until the workload has filled its memory (a minute at most: a guest that never does is not worth waiting for). */
    private static void awaitFilled(EmbeddedDomain domain) {
        long pages = FILL_MIB * 256;
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (domain.memory().populatedPages() < pages && System.nanoTime() < giveUp) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
