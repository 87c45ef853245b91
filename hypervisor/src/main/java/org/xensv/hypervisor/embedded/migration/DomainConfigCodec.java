package org.xensv.hypervisor.embedded.migration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;

/** The DOMAIN_CONFIG payload of the embedded runtime: a {@link DomainConfig}, field by field. */
final class DomainConfigCodec {

    private static final int VERSION = 1;

    private DomainConfigCodec() {
    }

    static byte[] encode(DomainConfig c) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeLong(c.uuid().getMostSignificantBits());
            out.writeLong(c.uuid().getLeastSignificantBits());
            out.writeUTF(c.name().value());
            out.writeUTF(c.type().name());
            out.writeInt(c.vcpus().value());
            out.writeLong(c.memory().value());
            WorkloadSpec w = c.workload();
            out.writeUTF(w.kind().name());
            out.writeLong(w.fillMiB());
            out.writeLong(w.workingSetMiB());
            out.writeLong(w.pagesPerSecond());
            out.writeLong(w.seed());
            out.writeUTF(c.onCrash().name());
            out.writeInt(c.cpuQos().weight());
            out.writeInt(c.cpuQos().capPercent());
            out.writeInt(c.nics().size());
            for (NicConfig n : c.nics()) {
                out.writeUTF(n.mac());
                out.writeInt(n.vlan());
                out.writeBoolean(n.rateLimit() != null);
                if (n.rateLimit() != null) {
                    out.writeLong(n.rateLimit().bytesPerSecond());
                    out.writeLong(n.rateLimit().intervalMicros());
                }
            }
            out.writeInt(c.disks().size());
            for (DiskConfig d : c.disks()) {
                out.writeBoolean(d.path() != null);
                if (d.path() != null) {
                    out.writeUTF(d.path());
                }
                out.writeLong(d.sizeMiB());
                out.writeLong(d.iopsLimit());
                out.writeLong(d.bytesPerSecondLimit());
                out.writeBoolean(d.readOnly());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static DomainConfig decode(byte[] bytes) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("domain config version " + version + " is not understood (this host reads " + VERSION + ")");
            }
            UUID uuid = new UUID(in.readLong(), in.readLong());
            DomainName name = new DomainName(in.readUTF());
            DomainType type = DomainType.valueOf(in.readUTF());
            VcpuCount vcpus = VcpuCount.of(in.readInt());
            MemoryMiB memory = MemoryMiB.of(in.readLong());
            WorkloadSpec workload = new WorkloadSpec(WorkloadKind.valueOf(in.readUTF()), in.readLong(), in.readLong(), in.readLong(), in.readLong());
            CrashAction onCrash = CrashAction.valueOf(in.readUTF());
            CpuQos qos = new CpuQos(in.readInt(), in.readInt());
            int nicCount = in.readInt();
            List<NicConfig> nics = new ArrayList<>(nicCount);
            for (int i = 0; i < nicCount; i++) {
                String mac = in.readUTF();
                int vlan = in.readInt();
                RateLimit rate = in.readBoolean() ? new RateLimit(in.readLong(), in.readLong()) : null;
                nics.add(new NicConfig(mac, vlan, rate));
            }
            int diskCount = in.readInt();
            List<DiskConfig> disks = new ArrayList<>(diskCount);
            for (int i = 0; i < diskCount; i++) {
                String path = in.readBoolean() ? in.readUTF() : null;
                disks.add(new DiskConfig(path, in.readLong(), in.readLong(), in.readLong(), in.readBoolean()));
            }
            return new DomainConfig(uuid, name, type, vcpus, memory, workload, onCrash, qos, nics, disks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
