package org.xensv.hypervisor.embedded.migration;

import java.util.UUID;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedHost;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.embedded.disk.VirtualDisk;
import org.xensv.hypervisor.memory.DirtyPages;
import org.xensv.hypervisor.migration.MigratingDisk;
import org.xensv.hypervisor.migration.MigrationSource;

/** A running embedded domain as the migration engine's source. */
final class EmbeddedMigrationSource implements MigrationSource {

    private final EmbeddedHost host;
    private final EmbeddedDomain domain;
    private final GuestMemory memory;

    EmbeddedMigrationSource(EmbeddedHost host, EmbeddedDomain domain) {
        this.host = host;
        this.domain = domain;
        this.memory = domain.memory();
    }

    @Override
    public UUID uuid() {
        return domain.config().uuid();
    }

    @Override
    public String name() {
        return domain.config().name().value();
    }

    @Override
    public byte[] config() {
        return DomainConfigCodec.encode(domain.config());
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public long cpuTimeNanos() {
        return domain.cpuTimeNanos();
    }

    @Override
    public java.util.List<MigratingDisk> disks() {
        var images = domain.hostLocalDisks();
        var out = new java.util.ArrayList<MigratingDisk>();
        for (int i = 0; i < images.size(); i++) {
            VirtualDisk image = images.get(i);
            String label = "disk" + i;
            out.add(new MigratingDisk() {
                @Override
                public String name() {
                    return label;
                }

                @Override
                public long sizeBytes() {
                    return image.sizeBytes();
                }

                @Override
                public void startDirtyLog() {
                    image.startDirtyLog();
                }

                @Override
                public void stopDirtyLog() {
                    image.stopDirtyLog();
                }

                @Override
                public DirtyPages readAndClearDirty() {
                    return image.readAndClearDirty();
                }

                @Override
                public void readBlock(long block, byte[] dst, int off) {
                    image.readBlock(block, dst, off);
                }
            });
        }
        return out;
    }

    @Override
    public void pause() {
        domain.pause();
    }

    @Override
    public void unpause() {
        if (domain.state() == PowerState.PAUSED) {
            domain.unpause();
        }
    }

    @Override
    public void setThrottle(int percent) {
        if (domain.memory() != null) {
            domain.setThrottle(percent);
        }
    }

    @Override
    public byte[] captureState() {
        return domain.captureState().toBytes();
    }

    @Override
    public void handedOver() {
        // the VM lives on the destination now: this copy is destroyed and forgotten here
        if (domain.state() != PowerState.HALTED) {
            domain.hardShutdown();
        }
        host.undefine(uuid());
    }
}
