package org.xensv.hypervisor.spi;

import java.util.UUID;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;

/**
 * Live migration between hosts: the destination's connection gives its {@link #receiveEndpoint()},
 * the source's connection {@link #migrate}s a running domain there.
 */
public interface Migration extends Capability {

    /** Where this host accepts incoming migration streams. */
    MigrationEndpoint receiveEndpoint();

    /** What the pre-copy model predicts for moving the domain with these options (samples its dirty rate briefly). */
    MigrationPrediction predict(UUID domain, MigrationOptions options);

    /**
     * Starts moving a running domain to the destination; returns at once. The domain runs here until
     * the destination runs it; on failure it runs on here and the handle's result fails with a
     * {@link org.xensv.hypervisor.migration.MigrationFailedException}.
     */
    MigrationHandle migrate(UUID domain, MigrationEndpoint destination, MigrationOptions options, MigrationProgress progress);
}
