package org.xensv.toolstack.overview;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.metrics.HostMetricPoint;
import org.xensv.toolstack.metrics.MetricsService;
import org.xensv.toolstack.network.NetworkService;
import org.xensv.toolstack.storage.SrKind;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * Gathers a host's overview from the services that own each part. It asks no driver: the figures
 * are the ones the reconciler and the metrics sampler already keep, so a host that does not answer
 * still shows what was last known, beside its connection state and last error.
 */
@Service
public class HostOverviewService {

    private final HostService hosts;
    private final VmService vms;
    private final NetworkService networks;
    private final StorageService storage;
    private final MetricsService metrics;

    HostOverviewService(HostService hosts, VmService vms, NetworkService networks, StorageService storage,
                        MetricsService metrics) {
        this.hosts = hosts;
        this.vms = vms;
        this.networks = networks;
        this.storage = storage;
        this.metrics = metrics;
    }

    public HostOverview of(UUID hostId) {
        HostView host = hosts.get(hostId);
        List<VmView> onHost = vms.onHost(hostId);
        int committed = onHost.stream()
                .filter(vm -> !vm.stateUnknown() && (vm.powerState() == PowerState.RUNNING || vm.powerState() == PowerState.PAUSED))
                .mapToInt(VmView::vcpus).sum();
        HostMetricPoint sample = host.connected() ? metrics.latestHost(hostId).orElse(null) : null;
        long used = sample != null && sample.memoryMiB() > 0 ? sample.memoryUsedMiB() : host.memoryMiB() - host.freeMemoryMiB();
        return new HostOverview(host, sample == null ? null : sample.cpuPercent(), Math.max(0, used), host.memoryMiB(),
                committed, host.pcpus() == 0 ? 0 : (double) committed / host.pcpus(), onHost,
                networks.inPool(host.poolId()),
                storage.listRepositories().stream()
                        .filter(sr -> hostId.equals(sr.hostId()) || sr.kind() == SrKind.SHARED && host.poolId().equals(sr.poolId()))
                        .toList());
    }
}
