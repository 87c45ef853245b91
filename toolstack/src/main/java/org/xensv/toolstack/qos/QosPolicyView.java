package org.xensv.toolstack.qos;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A QoS policy as the API and the console show it: its values (null = not set by the policy) and
 * {@code usedBy}, the VMs, VIFs and disks that use it.
 */
public record QosPolicyView(UUID id, String name, String description, String nicRate, Long nicBurstKB,
                            Integer cpuWeight, Integer cpuCap, Long diskIops, Long diskMBps, List<String> usedBy,
                            long version) {

    /** "NIC 10Mb/s, burst 64 kB; CPU weight 512; disk 500 IOPS", as the console lists it. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (nicRate != null) {
            parts.add("NIC " + nicRate + (nicBurstKB == null ? "" : ", burst " + nicBurstKB + " kB"));
        }
        if (cpuWeight != null) {
            parts.add("CPU weight " + cpuWeight);
        }
        if (cpuCap != null) {
            parts.add("CPU cap " + (cpuCap == 0 ? "none" : cpuCap + "%"));
        }
        if (diskIops != null) {
            parts.add("disk " + diskIops + " IOPS");
        }
        if (diskMBps != null) {
            parts.add("disk " + diskMBps + " MB/s");
        }
        return parts.isEmpty() ? "no values set" : String.join("; ", parts);
    }
}
