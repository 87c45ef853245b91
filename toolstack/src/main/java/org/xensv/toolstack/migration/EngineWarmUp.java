package org.xensv.toolstack.migration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.embedded.migration.EmbeddedMigrationWarmUp;
import org.xensv.toolstack.vm.HostsInStep;

/**
 * Migrates throwaway guests between scratch hosts in the background ({@link EmbeddedMigrationWarmUp}),
 * so that the first migration a user starts runs as fast, and pauses its guest as briefly, as the
 * hundredth. Off with {@code xensv.migration.warm-up=false}.
 *
 * <p>A first pass runs while the console starts: it loads the engine's classes and gives the JIT
 * the profiles of a real migration. It cannot get the engine compiled by C2, the optimising compiler:
 * C2 takes a method once its profiled code has counted enough calls, counted against the length of
 * its queue, and while Spring starts that queue is long. Measured: after that pass alone, the first
 * migration of a fresh console still spent 0.4 s of compilation on the engine's page loops. So up to
 * {@value #PASSES_WHEN_READY} more passes run once the console is ready and its hosts are in step
 * ({@link HostsInStep}: the VMs its stop suspended resumed first), shorter ones, of the workloads
 * that write hardest ({@link EmbeddedMigrationWarmUp#WRITERS}): they finish sooner, before a user's
 * first migration starts more often, and got it as fast. Each pass stops as soon as
 * a migration of a user's starts, and no pass starts after one has: the warm-up never competes with
 * what it is for for more than one throwaway migration.
 */
@Component
@ConditionalOnProperty(name = "xensv.migration.warm-up", havingValue = "true", matchIfMissing = true)
class EngineWarmUp {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);
    static final int PASSES_WHEN_READY = 2;
    /** How long the passes after the start wait for the console's hosts to be in step at most. */
    private static final long READY_PATIENCE_MINUTES = 10;

    private final CountDownLatch ready = new CountDownLatch(1);

    @PostConstruct
    void start() {
        Thread.ofPlatform().daemon().name("migration-warm-up").start(this::run);
    }

    @EventListener(HostsInStep.class)
    void ready() {
        ready.countDown();
    }

    private void run() {
        long start = System.nanoTime();
        int migrations = 0;
        int passes = 0;
        try {
            EmbeddedMigrationWarmUp.Pass pass = EmbeddedMigrationWarmUp.run();
            passes++;
            migrations += pass.reports().size();
            while (passes <= PASSES_WHEN_READY && !pass.yielded() && ready.await(READY_PATIENCE_MINUTES, TimeUnit.MINUTES)) {
                pass = EmbeddedMigrationWarmUp.run(EmbeddedMigrationWarmUp.WRITERS);
                passes++;
                migrations += pass.reports().size();
            }
            log.info("Migration engine warmed up: {} passes, {} migrations of throwaway guests in {} ms{}", passes, migrations,
                    (System.nanoTime() - start) / 1_000_000, pass.yielded() ? " (stopped: a user's migration has started)" : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Migration engine warm-up failed after {} migrations ({}); the first migration will pay for it", migrations, e.getMessage());
        }
    }
}
