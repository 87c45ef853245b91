package org.xensv.webui.performance;

import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.html.Span;
import org.xensv.toolstack.metrics.HostMetricPoint;
import org.xensv.toolstack.metrics.MetricsService;
import org.xensv.webui.chart.SelfRefreshing;
import org.xensv.webui.chart.SvgBox;

/** A host's CPU, memory and running-domain charts over the last two minutes. */
final class HostCharts extends SelfRefreshing {

    private final MetricsService metrics;
    private final UUID hostId;
    private final Span empty = new Span("No samples yet: charts appear once the host is connected.");
    private final SvgBox cpu = new SvgBox();
    private final SvgBox memory = new SvgBox();
    private final SvgBox domains = new SvgBox();

    HostCharts(MetricsService metrics, UUID hostId) {
        super(1000);
        this.metrics = metrics;
        this.hostId = hostId;
        setId("host-performance");
        addClassName("xensv-charts");
        empty.addClassName("xensv-empty");
        add(empty, cpu, memory, domains);
    }

    @Override
    protected void redraw() {
        List<HostMetricPoint> points = metrics.host(hostId);
        empty.setVisible(points.isEmpty());
        cpu.show(VmCharts.chart("CPU (all pCPUs)", "%", 100.0).render(List.of(
                VmCharts.series("busy", "#1676f3", points, HostMetricPoint::cpuPercent))));
        double total = points.isEmpty() ? 1 : points.getLast().memoryMiB();
        memory.show(VmCharts.chart("Memory", " MiB", total).render(List.of(
                VmCharts.series("claimed", "#7b3fe4", points, p -> (double) p.memoryUsedMiB()),
                VmCharts.series("touched", "#e8590c", points, HostMetricPoint::guestTouchedMiB))));
        domains.show(VmCharts.chart("Running VMs", "", null).render(List.of(
                VmCharts.series("running", "#2b8a3e", points, p -> (double) p.runningDomains()))));
    }
}
