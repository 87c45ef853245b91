package org.xensv.webui.performance;

import com.vaadin.flow.component.Component;
import org.xensv.toolstack.metrics.MetricsService;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/** The Performance tab of a host or a VM: live charts of the last minutes, redrawn every second. */
public class PerformanceTab implements DetailTab {

    private final MetricsService metrics;

    public PerformanceTab(MetricsService metrics) {
        this.metrics = metrics;
    }

    @Override
    public String title() {
        return "Performance";
    }

    @Override
    public String key() {
        return "performance";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return node instanceof HostNode || node instanceof VmNode v && !v.vm().template();
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        return switch (node) {
            case VmNode vm -> new VmCharts(metrics, vm.id());
            case HostNode host -> new HostCharts(metrics, host.id());
            default -> throw new IllegalArgumentException("no performance charts for " + node.name());
        };
    }
}
