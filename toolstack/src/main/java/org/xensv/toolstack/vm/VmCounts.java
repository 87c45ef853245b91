package org.xensv.toolstack.vm;

/** How many VMs a node of the inventory holds (of those a search matches) and how many of them run. */
public record VmCounts(long vms, long running) {

    public static final VmCounts NONE = new VmCounts(0, 0);

    public VmCounts plus(VmCounts other) {
        return new VmCounts(vms + other.vms, running + other.running);
    }
}
