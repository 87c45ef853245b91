package org.xensv.hypervisor.embedded.migration;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerStateTable;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedHost;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationListener;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.migration.Migrations;

/**
 * Live migration for the embedded runtime: each host gets a migration listener on an ephemeral
 * loopback port the first time it is asked for, and its running domains can be migrated to any
 * endpoint. {@code EmbeddedConnection} delegates its {@code Migration} capability here.
 */
public final class EmbeddedMigration {

    private static final Map<EmbeddedHost, MigrationListener> LISTENERS = new ConcurrentHashMap<>();

    private EmbeddedMigration() {
    }

    /** Where {@code host} accepts incoming migrations (opened on first use). */
    public static MigrationEndpoint receiveEndpoint(EmbeddedHost host) {
        return LISTENERS.computeIfAbsent(host, h -> MigrationListener.open(new EmbeddedMigrationTarget(h))).endpoint();
    }

    /** Closes the host's endpoint: incoming migrations not yet resumed are discarded (the host went away). */
    public static void closeEndpoint(EmbeddedHost host) {
        MigrationListener listener = LISTENERS.remove(host);
        if (listener != null) {
            listener.close();
        }
    }

    public static MigrationPrediction predict(EmbeddedHost host, UUID uuid, MigrationOptions options) {
        EmbeddedDomain domain = host.domain(uuid);
        PowerStateTable.check(domain.config().name().value(), domain.state(), Operation.MIGRATE);
        return Migrations.predict(domain.memory(), options);
    }

    public static MigrationHandle migrate(EmbeddedHost host, UUID uuid, MigrationEndpoint destination, MigrationOptions options,
                                          MigrationProgress progress) {
        if (destination.libvirt()) {
            throw new org.xensv.hypervisor.api.OperationNotSupportedException("embedded",
                    "live migration to a libvirt host (" + destination.libvirtUri() + "): move VMs between hosts of one kind");
        }
        EmbeddedDomain domain = host.domain(uuid);
        PowerStateTable.check(domain.config().name().value(), domain.state(), Operation.MIGRATE);
        return Migrations.start(new EmbeddedMigrationSource(host, domain), destination, options, progress);
    }
}
