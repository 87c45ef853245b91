package org.xensv.toolstack.migration;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.migration.MigrationWarmUp;

/**
 * Once the console is up, runs the migration engine on a throwaway guest in the background
 * ({@link MigrationWarmUp#untilCompiled}): once the JIT has finished with the console's own start, as
 * many migrations as it takes for the JIT to have compiled the engine, so that the first migration a
 * user starts is as fast, and pauses its guest no longer, than the hundredth. Off with
 * {@code xensv.migration.warm-up=false}.
 */
@Component
@ConditionalOnProperty(name = "xensv.migration.warm-up", havingValue = "true", matchIfMissing = true)
class EngineWarmUp {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);
    /** At most this many warm-up migrations (64 MiB each). */
    static final int MAX_RUNS = 12;
    /** How long the warm-up waits at most for the JIT to finish with the console's start. */
    static final Duration MAX_QUIET_WAIT = Duration.ofSeconds(60);

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofPlatform().daemon().name("migration-warm-up").start(() -> {
            long start = System.nanoTime();
            try {
                MigrationWarmUp.Summary done = MigrationWarmUp.untilCompiled(MAX_RUNS, MAX_QUIET_WAIT);
                log.info("Migration engine warmed up in {} ms: {} migration(s) of a throwaway guest, {} ms of JIT compiling, "
                                + "after {} ms waiting for the JIT to finish with the console's start (the last one's pause: {} ms)",
                        (System.nanoTime() - start) / 1_000_000, done.runs(), done.compileTime().toMillis(), done.quietWait().toMillis(),
                        done.last().downtime().toMillis());
            } catch (RuntimeException e) {
                log.warn("Migration engine warm-up failed ({}); the first migration will pay for it", e.getMessage());
            }
        });
    }
}
