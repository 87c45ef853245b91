package org.xensv.hypervisor.embedded;

import java.util.UUID;
import org.xensv.hypervisor.api.DomainStats;
import org.xensv.hypervisor.embedded.disk.VirtualDisk;
import org.xensv.hypervisor.embedded.net.Nic;

/** A domain's cumulative counters, summed over its incarnations (reboots, resumes). */
final class DomainCounters {

    long cpuNanos;
    long pageWrites;
    long txBytes;
    long rxBytes;
    long txPackets;
    long rxPackets;
    long diskRead;
    long diskWrite;
    long diskOps;

    static DomainCounters of(DomainInstance instance) {
        DomainCounters c = new DomainCounters();
        c.cpuNanos = instance.sched.cpuTimeNanos();
        c.pageWrites = instance.memory.pageWritesTotal();
        for (Nic nic : instance.nics) {
            var n = nic.counters();
            c.txBytes += n.txBytes();
            c.rxBytes += n.rxBytes();
            c.txPackets += n.txPackets();
            c.rxPackets += n.rxPackets();
        }
        for (VirtualDisk disk : instance.disks) {
            c.diskRead += disk.readBytes();
            c.diskWrite += disk.writeBytes();
            c.diskOps += disk.ops();
        }
        return c;
    }

    void add(DomainCounters o) {
        cpuNanos += o.cpuNanos;
        pageWrites += o.pageWrites;
        txBytes += o.txBytes;
        rxBytes += o.rxBytes;
        txPackets += o.txPackets;
        rxPackets += o.rxPackets;
        diskRead += o.diskRead;
        diskWrite += o.diskWrite;
        diskOps += o.diskOps;
    }

    DomainCounters plus(DomainCounters o) {
        DomainCounters sum = new DomainCounters();
        sum.add(this);
        sum.add(o);
        return sum;
    }

    DomainStats toStats(UUID uuid, long touchedBytes) {
        return new DomainStats(uuid, System.nanoTime(), cpuNanos, touchedBytes, pageWrites,
                txBytes, rxBytes, txPackets, rxPackets, diskRead, diskWrite, diskOps);
    }
}
