package org.xensv.agent.wire;

import java.util.UUID;
import org.xensv.agent.proto.DomainRef;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainStats;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.HostStats;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.KernelBoot;
import org.xensv.hypervisor.api.MemoryCheckReport;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;

/**
 * The hypervisor API's records as protobuf messages and back: domains, hosts, their stats. Reading
 * a message goes through the records' own constructors, so a value the API refuses is refused on
 * arrival with the same error.
 */
public final class DomainMessages {

    private DomainMessages() {
    }

    public static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("uuid", text, "must be a UUID");
        }
    }

    public static DomainRef ref(UUID uuid) {
        return DomainRef.newBuilder().setUuid(uuid.toString()).build();
    }

    static <E extends Enum<E>> E named(Class<E> type, String field, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidValueException(field, name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    public static org.xensv.agent.proto.DomainConfig toProto(DomainConfig c) {
        var b = org.xensv.agent.proto.DomainConfig.newBuilder()
                .setUuid(c.uuid().toString())
                .setName(c.name().value())
                .setType(c.type().name())
                .setVcpus(c.vcpus().value())
                .setMemoryMib(c.memory().value())
                .setWorkload(org.xensv.agent.proto.WorkloadSpec.newBuilder()
                        .setKind(c.workload().kind().name())
                        .setFillMib(c.workload().fillMiB())
                        .setWorkingSetMib(c.workload().workingSetMiB())
                        .setPagesPerSecond(c.workload().pagesPerSecond())
                        .setSeed(c.workload().seed()))
                .setOnCrash(c.onCrash().name())
                .setCpuQos(toProto(c.cpuQos()));
        c.nics().forEach(n -> b.addNics(toProto(n)));
        for (DiskConfig d : c.disks()) {
            b.addDisks(org.xensv.agent.proto.DiskConfig.newBuilder().setPath(d.path()).setSizeMib(d.sizeMiB())
                    .setIopsLimit(d.iopsLimit()).setBytesPerSecondLimit(d.bytesPerSecondLimit()).setReadOnly(d.readOnly()));
        }
        if (c.kernelBoot() != null) {
            KernelBoot k = c.kernelBoot();
            var kb = org.xensv.agent.proto.KernelBoot.newBuilder().setKernel(k.kernel());
            if (k.initrd() != null) {
                kb.setInitrd(k.initrd());
            }
            if (k.cmdline() != null) {
                kb.setCmdline(k.cmdline());
            }
            b.setKernelBoot(kb);
        }
        return b.build();
    }

    public static DomainConfig config(org.xensv.agent.proto.DomainConfig m) {
        var w = m.getWorkload();
        WorkloadSpec workload = new WorkloadSpec(named(WorkloadKind.class, "workload.kind", w.getKind()), w.getFillMib(),
                w.getWorkingSetMib(), w.getPagesPerSecond(), w.getSeed());
        var nics = m.getNicsList().stream().map(DomainMessages::nic).toList();
        var disks = m.getDisksList().stream().map(d -> new DiskConfig(d.getPath(), d.getSizeMib(), d.getIopsLimit(),
                d.getBytesPerSecondLimit(), d.getReadOnly())).toList();
        KernelBoot boot = null;
        if (m.hasKernelBoot()) {
            var k = m.getKernelBoot();
            boot = new KernelBoot(k.getKernel(), k.getInitrd().isEmpty() ? null : k.getInitrd(), k.getCmdline().isEmpty() ? null : k.getCmdline());
        }
        return new DomainConfig(uuid(m.getUuid()), new DomainName(m.getName()), named(DomainType.class, "type", m.getType()),
                VcpuCount.of(m.getVcpus()), MemoryMiB.of(m.getMemoryMib()), workload,
                named(CrashAction.class, "onCrash", m.getOnCrash()), cpuQos(m.getCpuQos()), nics, disks, boot);
    }

    public static org.xensv.agent.proto.CpuQos toProto(CpuQos q) {
        return org.xensv.agent.proto.CpuQos.newBuilder().setWeight(q.weight()).setCapPercent(q.capPercent()).build();
    }

    public static CpuQos cpuQos(org.xensv.agent.proto.CpuQos q) {
        return new CpuQos(q.getWeight(), q.getCapPercent());
    }

    public static org.xensv.agent.proto.NicConfig toProto(NicConfig n) {
        var b = org.xensv.agent.proto.NicConfig.newBuilder().setMac(n.mac()).setVlan(n.vlan());
        if (n.rateLimit() != null) {
            b.setRateLimit(toProto(n.rateLimit()));
        }
        return b.build();
    }

    public static NicConfig nic(org.xensv.agent.proto.NicConfig n) {
        return new NicConfig(n.getMac(), n.getVlan(), n.hasRateLimit() ? rateLimit(n.getRateLimit()) : null);
    }

    public static org.xensv.agent.proto.RateLimit toProto(RateLimit r) {
        return org.xensv.agent.proto.RateLimit.newBuilder().setBytesPerSecond(r.bytesPerSecond()).setIntervalMicros(r.intervalMicros()).build();
    }

    public static RateLimit rateLimit(org.xensv.agent.proto.RateLimit r) {
        return new RateLimit(r.getBytesPerSecond(), r.getIntervalMicros());
    }

    public static org.xensv.agent.proto.DomainInfo toProto(DomainInfo i) {
        return org.xensv.agent.proto.DomainInfo.newBuilder().setUuid(i.uuid().toString()).setName(i.name())
                .setPowerState(i.powerState().name()).setVcpus(i.vcpus()).setMemoryMib(i.memoryMiB()).build();
    }

    public static DomainInfo info(org.xensv.agent.proto.DomainInfo i) {
        return new DomainInfo(uuid(i.getUuid()), i.getName(), named(PowerState.class, "powerState", i.getPowerState()),
                i.getVcpus(), i.getMemoryMib());
    }

    public static org.xensv.agent.proto.HostInfo toProto(HostInfo h, String agentVersion) {
        return org.xensv.agent.proto.HostInfo.newBuilder().setName(h.name()).setHypervisor(h.hypervisor()).setVersion(h.version())
                .setPcpus(h.pcpus()).setMemoryMib(h.memoryMiB()).setFreeMemoryMib(h.freeMemoryMiB()).setCpuModel(h.cpuModel())
                .setAgentVersion(agentVersion).build();
    }

    /**
     * The host as the console shows it: its version names the agent's too ("…, xensv-agent 0.1.0"),
     * and the agent's version is also given on its own, for the host view.
     */
    public static HostInfo hostInfo(org.xensv.agent.proto.HostInfo h) {
        String version = h.getAgentVersion().isEmpty() ? h.getVersion() : h.getVersion() + ", xensv-agent " + h.getAgentVersion();
        return new HostInfo(h.getName(), h.getHypervisor(), version, h.getPcpus(), h.getMemoryMib(), h.getFreeMemoryMib(),
                h.getCpuModel(), h.getAgentVersion());
    }

    public static org.xensv.agent.proto.HostStats toProto(HostStats s) {
        return org.xensv.agent.proto.HostStats.newBuilder().setTimestampNanos(s.timestampNanos()).setPcpus(s.pcpus())
                .setBusyNanos(s.busyNanos()).setMemoryMib(s.memoryMiB()).setMemoryUsedMib(s.memoryUsedMiB())
                .setGuestMemoryTouchedBytes(s.guestMemoryTouchedBytes()).setRunningDomains(s.runningDomains()).build();
    }

    public static HostStats hostStats(org.xensv.agent.proto.HostStats s) {
        return new HostStats(s.getTimestampNanos(), s.getPcpus(), s.getBusyNanos(), s.getMemoryMib(), s.getMemoryUsedMib(),
                s.getGuestMemoryTouchedBytes(), s.getRunningDomains());
    }

    public static org.xensv.agent.proto.DomainStats toProto(DomainStats s) {
        return org.xensv.agent.proto.DomainStats.newBuilder().setUuid(s.uuid().toString()).setTimestampNanos(s.timestampNanos())
                .setCpuTimeNanos(s.cpuTimeNanos()).setMemoryTouchedBytes(s.memoryTouchedBytes()).setDirtyPagesTotal(s.dirtyPagesTotal())
                .setNetTxBytes(s.netTxBytes()).setNetRxBytes(s.netRxBytes()).setNetTxPackets(s.netTxPackets())
                .setNetRxPackets(s.netRxPackets()).setDiskReadBytes(s.diskReadBytes()).setDiskWriteBytes(s.diskWriteBytes())
                .setDiskOps(s.diskOps()).build();
    }

    public static DomainStats domainStats(org.xensv.agent.proto.DomainStats s) {
        return new DomainStats(uuid(s.getUuid()), s.getTimestampNanos(), s.getCpuTimeNanos(), s.getMemoryTouchedBytes(),
                s.getDirtyPagesTotal(), s.getNetTxBytes(), s.getNetRxBytes(), s.getNetTxPackets(), s.getNetRxPackets(),
                s.getDiskReadBytes(), s.getDiskWriteBytes(), s.getDiskOps());
    }

    public static org.xensv.agent.proto.MemoryCheckReport toProto(MemoryCheckReport r) {
        return org.xensv.agent.proto.MemoryCheckReport.newBuilder().setValidPages(r.validPages()).addAllFailures(r.failures()).build();
    }

    public static MemoryCheckReport memoryReport(org.xensv.agent.proto.MemoryCheckReport r) {
        return new MemoryCheckReport(r.getValidPages(), r.getFailuresList());
    }
}
