package org.xensv.webui.performance;

import java.util.List;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

import com.vaadin.flow.component.html.Span;
import org.xensv.toolstack.metrics.MetricsService;
import org.xensv.toolstack.metrics.VmMetricPoint;
import org.xensv.webui.chart.ChartSeries;
import org.xensv.webui.chart.SelfRefreshing;
import org.xensv.webui.chart.SvgBox;
import org.xensv.webui.chart.SvgLineChart;

/** A VM's CPU, memory, dirty-page, network and disk charts over the last two minutes. */
final class VmCharts extends SelfRefreshing {

    static final int SLOTS = 120;

    private final MetricsService metrics;
    private final UUID vmId;
    private final Span empty = new Span("No samples yet: charts appear while the VM runs.");
    private final SvgBox cpu = new SvgBox();
    private final SvgBox memory = new SvgBox();
    private final SvgBox dirty = new SvgBox();
    private final SvgBox network = new SvgBox();
    private final SvgBox disk = new SvgBox();

    VmCharts(MetricsService metrics, UUID vmId) {
        super(1000);
        this.metrics = metrics;
        this.vmId = vmId;
        setId("vm-performance");
        addClassName("xensv-charts");
        empty.addClassName("xensv-empty");
        add(empty, cpu, memory, dirty, network, disk);
    }

    @Override
    protected void redraw() {
        List<VmMetricPoint> points = metrics.vm(vmId);
        empty.setVisible(points.isEmpty());
        // How many samples there are (the charts draw the last SLOTS) and when the newest was taken (epoch ms),
        // for a test or a script to follow the charts by.
        getElement().setAttribute("data-samples", String.valueOf(points.size()));
        getElement().setAttribute("data-last-sample", points.isEmpty() ? "" : String.valueOf(points.getLast().at().toEpochMilli()));
        cpu.show(chart("CPU", "%", 100.0).render(List.of(series("cpu", "#1676f3", points, VmMetricPoint::cpuPercent))));
        memory.show(chart("Memory touched", " MiB", null).render(List.of(
                series("touched", "#7b3fe4", points, VmMetricPoint::memoryTouchedMiB))));
        dirty.show(chart("Dirty pages", "/s", null).render(List.of(
                series("dirty", "#e8590c", points, VmMetricPoint::dirtyPagesPerSec))));
        network.show(chart("Network", "B/s", null).render(List.of(
                series("tx", "#2b8a3e", points, VmMetricPoint::netTxBytesPerSec),
                series("rx", "#1098ad", points, VmMetricPoint::netRxBytesPerSec))));
        disk.show(chart("Disk", "/s", null).render(List.of(
                series("ops", "#c2255c", points, VmMetricPoint::diskOpsPerSec))));
    }

    static SvgLineChart chart(String title, String unit, Double max) {
        return new SvgLineChart(title, unit, SLOTS, 560, 150, max);
    }

    static <T> ChartSeries series(String name, String color, List<T> points, ToDoubleFunction<T> value) {
        return new ChartSeries(name, color, points.stream().map(p -> value.applyAsDouble(p)).toList());
    }
}
