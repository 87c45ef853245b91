package org.xensv.hypervisor.embedded.migration;

import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedHost;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.embedded.workload.GuestState;
import org.xensv.hypervisor.migration.IncomingDisk;
import org.xensv.hypervisor.migration.IncomingDomain;
import org.xensv.hypervisor.migration.MigrationTarget;

/** An embedded host as the destination of migrations. */
final class EmbeddedMigrationTarget implements MigrationTarget {

    private final EmbeddedHost host;

    EmbeddedMigrationTarget(EmbeddedHost host) {
        this.host = host;
    }

    @Override
    public String hostName() {
        return host.name();
    }

    @Override
    public IncomingDomain prepareIncoming(byte[] bytes) {
        if (host.removed()) {
            throw new HypervisorException("HOST_GONE", java.util.Map.of("host", host.name()), "Host '" + host.name() + "' has been removed.");
        }
        DomainConfig config;
        try {
            config = DomainConfigCodec.decode(bytes);
        } catch (RuntimeException e) {
            throw new HypervisorException("MIGRATION_INCOMPATIBLE", java.util.Map.of("host", host.name()),
                    "Host '" + host.name() + "' cannot read the VM's configuration: " + e.getMessage());
        }
        boolean existed = host.domains().stream().anyMatch(d -> d.config().uuid().equals(config.uuid()));
        EmbeddedDomain domain = host.prepareIncoming(config);
        return new Incoming(domain, existed);
    }

    private final class Incoming implements IncomingDomain {
        private final EmbeddedDomain domain;
        private final boolean existed;
        private final GuestMemory memory;

        Incoming(EmbeddedDomain domain, boolean existed) {
            this.domain = domain;
            this.existed = existed;
            this.memory = domain.incomingMemory();
        }

        @Override
        public String name() {
            return domain.config().name().value();
        }

        @Override
        public GuestMemory memory() {
            return memory;
        }

        @Override
        public java.util.List<IncomingDisk> disks() {
            return domain.hostLocalDisks().stream().<IncomingDisk>map(image -> new IncomingDisk() {
                @Override
                public long sizeBytes() {
                    return image.sizeBytes();
                }

                @Override
                public void writeBlock(long block, byte[] src, int off) {
                    image.writeBlock(block, src, off);
                }
            }).toList();
        }

        @Override
        public void start(byte[] state) {
            domain.completeIncoming(GuestState.fromBytes(state));
            domain.unpause();
        }

        @Override
        public void discard() {
            if (domain.isIncoming() || domain.state() != PowerState.HALTED) {
                domain.abortIncoming();
            }
            if (!existed && host.domains().contains(domain)) {
                host.undefine(domain.config().uuid());
            }
        }
    }
}
