package org.xensv.toolstack.migration;

import java.time.Duration;
import java.util.UUID;

import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.migration.MigrationOptions;

/**
 * A migration as asked for in the wizard or the API: destination, live or stop-and-copy, link limit
 * in Mbit/s (0 or null = unlimited), downtime target in ms, and whether post-copy may take over.
 */
public record MigrateRequest(UUID hostId, Boolean live, Long bandwidthMbps, Long downtimeTargetMs, Boolean postCopy,
                             Boolean autoConverge) {

    public static MigrateRequest to(UUID hostId) {
        return new MigrateRequest(hostId, true, null, null, null, null);
    }

    /** The engine's options; names the field on bad input. */
    public MigrationOptions toOptions() {
        MigrationOptions options = MigrationOptions.defaults();
        if (live != null) {
            options = options.withLive(live);
        }
        if (bandwidthMbps != null) {
            if (bandwidthMbps < 0 || bandwidthMbps > 1_000_000) {
                throw new InvalidValueException("bandwidthMbps", bandwidthMbps, "must be between 0 (unlimited) and 1000000 Mbit/s");
            }
            options = options.withBandwidth(bandwidthMbps * MigrationOptions.MBIT);
        }
        if (downtimeTargetMs != null) {
            if (downtimeTargetMs < 1 || downtimeTargetMs > 60_000) {
                throw new InvalidValueException("downtimeTargetMs", downtimeTargetMs, "must be between 1 and 60000 ms");
            }
            options = options.withDowntimeTarget(Duration.ofMillis(downtimeTargetMs));
        }
        if (postCopy != null) {
            options = options.withPostCopy(postCopy);
        }
        if (autoConverge != null) {
            options = options.withAutoConverge(autoConverge);
        }
        return options;
    }
}
