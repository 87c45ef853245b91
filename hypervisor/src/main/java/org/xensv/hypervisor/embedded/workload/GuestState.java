package org.xensv.hypervisor.embedded.workload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;

/**
 * Everything besides memory that a saved or migrated domain needs: its workload and the state of
 * each vCPU, captured at a safe point (domain paused). Serialises to a small byte array (the "vCPU
 * state" record of a suspend image or migration stream).
 */
public record GuestState(WorkloadSpec workload, long fillPages, List<VcpuState> vcpus) {

    private static final int VERSION = 1;

    public GuestState {
        vcpus = List.copyOf(vcpus);
    }

    /** The sum of every page's generation that a faithful copy of memory must show. */
    public long expectedGenerationSum() {
        return vcpus.stream().mapToLong(VcpuState::pageWrites).sum();
    }

    /** How many pages the boot phase has filled (all of them once boot is done). */
    public long bootedPages() {
        return vcpus.stream().mapToLong(VcpuState::booted).sum();
    }

    public byte[] toBytes() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(VERSION);
        out.writeUTF(workload.kind().name());
        out.writeLong(workload.fillMiB());
        out.writeLong(workload.workingSetMiB());
        out.writeLong(workload.pagesPerSecond());
        out.writeLong(workload.seed());
        out.writeLong(fillPages);
        out.writeInt(vcpus.size());
        for (VcpuState v : vcpus) {
            out.writeInt(v.index());
            out.writeLong(v.booted());
            out.writeLong(v.rng());
            out.writeLong(v.cursor());
            out.writeLong(v.pageWrites());
            out.writeLong(v.steps());
        }
    }

    public static GuestState fromBytes(byte[] bytes) {
        try {
            return read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GuestState read(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unknown guest state version " + version);
        }
        var spec = new WorkloadSpec(WorkloadKind.valueOf(in.readUTF()), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        long fillPages = in.readLong();
        int n = in.readInt();
        List<VcpuState> vcpus = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            vcpus.add(new VcpuState(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
        }
        return new GuestState(spec, fillPages, vcpus);
    }
}
