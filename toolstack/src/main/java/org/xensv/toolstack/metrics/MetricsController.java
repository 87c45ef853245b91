package org.xensv.toolstack.metrics;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.vm.VmService;

/** The last minutes of samples, oldest first (one per second by default). */
@RestController
@RequestMapping("/api/v1")
class MetricsController {

    private final MetricsService metrics;
    private final VmService vms;
    private final HostService hosts;

    MetricsController(MetricsService metrics, VmService vms, HostService hosts) {
        this.metrics = metrics;
        this.vms = vms;
        this.hosts = hosts;
    }

    @GetMapping("/vms/{id}/metrics")
    List<VmMetricPoint> vm(@PathVariable UUID id) {
        vms.get(id);
        return metrics.vm(id);
    }

    @GetMapping("/hosts/{id}/metrics")
    List<HostMetricPoint> host(@PathVariable UUID id) {
        hosts.get(id);
        return metrics.host(id);
    }
}
