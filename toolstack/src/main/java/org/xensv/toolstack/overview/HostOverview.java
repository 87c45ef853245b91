package org.xensv.toolstack.overview;

import java.util.List;

import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.network.NetworkView;
import org.xensv.toolstack.storage.SrView;
import org.xensv.toolstack.vm.VmView;

/**
 * Everything the host view shows, in one answer: the host (its connection state, last error and
 * agent version among its fields), its CPU use as last sampled ({@code cpuPercent} of all its pCPUs,
 * null until the first two samples), its memory in use, the vCPUs of its running and paused VMs and
 * what that makes per pCPU (the load placement weighs), its VMs, the networks of its pool (every
 * network reaches every host of its pool) and the storage it reaches (its local repository and its
 * pool's shared ones).
 */
public record HostOverview(HostView host, Double cpuPercent, long memoryUsedMiB, long memoryMiB, int committedVcpus,
                           double vcpusPerPcpu, List<VmView> vms, List<NetworkView> networks, List<SrView> storage) {
}
