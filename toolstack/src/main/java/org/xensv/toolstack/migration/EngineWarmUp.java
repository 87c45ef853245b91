package org.xensv.toolstack.migration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.MigrationWarmUp;

/**
 * Once the console is up, runs the migration engine once on a throwaway guest in the background
 * ({@link MigrationWarmUp}), so that the first migration a user starts pauses its guest no longer than
 * the hundredth. Off with {@code xensv.migration.warm-up=false}.
 */
@Component
@ConditionalOnProperty(name = "xensv.migration.warm-up", havingValue = "true", matchIfMissing = true)
class EngineWarmUp {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofPlatform().daemon().name("migration-warm-up").start(() -> {
            long start = System.nanoTime();
            try {
                MigrationReport report = MigrationWarmUp.run();
                log.info("Migration engine warmed up in {} ms (its own pause: {} ms)", (System.nanoTime() - start) / 1_000_000,
                        report.downtime().toMillis());
            } catch (RuntimeException e) {
                log.warn("Migration engine warm-up failed ({}); the first migration will pay for it", e.getMessage());
            }
        });
    }
}
