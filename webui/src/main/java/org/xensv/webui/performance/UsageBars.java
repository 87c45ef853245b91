package org.xensv.webui.performance;

import java.util.Optional;
import java.util.function.UnaryOperator;

import com.vaadin.flow.data.renderer.LitRenderer;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.metrics.HostMetricPoint;
import org.xensv.toolstack.metrics.MetricsService;
import org.xensv.toolstack.metrics.VmMetricPoint;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;
import org.xensv.webui.inventory.UsageColumn;

/**
 * The inventory's usage column: CPU and memory bars for hosts, a CPU bar for running VMs (once the
 * sampler has a figure for it), redrawn every 2 s. A browser template from each row's percentages.
 */
public final class UsageBars implements UsageColumn {

    private static final String BAR = """
            <div class="xensv-bar" title=${item.%1$sText}><span class="xensv-bar-label">%2$s</span>\
            <div class="xensv-bar-track"><div class="xensv-bar-fill ${item.%1$sHigh ? 'high' : ''}" style="width: ${item.%1$sText}"></div></div>\
            <span class="xensv-bar-value">${item.%1$sText}</span></div>""";

    private static final String TEMPLATE = "${item.usage === 'host' ? html`<div class=\"xensv-usage\">" + BAR.formatted("cpu", "CPU")
            + BAR.formatted("mem", "RAM") + "</div>` : item.usage === 'vm' ? html`<div class=\"xensv-usage\">" + BAR.formatted("cpu", "CPU")
            + "</div>` : ''}";

    /** A row's figures as drawn: whole percents. */
    record Usage(String kind, long cpu, long memory) {
        static final Usage NONE = new Usage("", 0, 0);
    }

    private final MetricsService metrics;

    public UsageBars(MetricsService metrics) {
        this.metrics = metrics;
    }

    @Override
    public long periodMillis() {
        return 2000;
    }

    @Override
    public LitRenderer<InventoryNode> renderer(UnaryOperator<InventoryNode> current) {
        return LitRenderer.<InventoryNode>of(TEMPLATE)
                .withProperty("usage", n -> figures(current.apply(n)).kind())
                .withProperty("cpuText", n -> text(figures(current.apply(n)).cpu()))
                .withProperty("cpuHigh", n -> figures(current.apply(n)).cpu() >= 85)
                .withProperty("memText", n -> text(figures(current.apply(n)).memory()))
                .withProperty("memHigh", n -> figures(current.apply(n)).memory() >= 85);
    }

    @Override
    public Object drawn(InventoryNode current) {
        return figures(current);
    }

    Usage figures(InventoryNode node) {
        return switch (node) {
            case HostNode host -> hostFigures(host.host());
            case VmNode vm when vm.vm().powerState() == PowerState.RUNNING && !vm.vm().stateUnknown() ->
                    metrics.latestVm(vm.id()).map(VmMetricPoint::cpuPercent).map(cpu -> new Usage("vm", percent(cpu), 0)).orElse(Usage.NONE);
            default -> Usage.NONE;
        };
    }

    private Usage hostFigures(HostView host) {
        Optional<HostMetricPoint> last = metrics.latestHost(host.id());
        double used = last.map(HostMetricPoint::memoryUsedPercent)
                .orElse(host.memoryMiB() == 0 ? 0 : 100.0 * (host.memoryMiB() - host.freeMemoryMiB()) / host.memoryMiB());
        return new Usage("host", percent(last.map(HostMetricPoint::cpuPercent).orElse(0.0)), percent(used));
    }

    private static long percent(double value) {
        return Math.round(Math.max(0, Math.min(100, value)));
    }

    private static String text(long percent) {
        return percent + "%";
    }
}
