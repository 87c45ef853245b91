package org.xensv.webui.performance;

import java.util.Locale;
import java.util.Optional;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.metrics.HostMetricPoint;
import org.xensv.toolstack.metrics.MetricsService;
import org.xensv.toolstack.metrics.VmMetricPoint;
import org.xensv.webui.chart.SelfRefreshing;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/** The inventory's usage column: CPU and memory bars for hosts, a CPU bar for running VMs, refreshed every 2 s. */
public final class UsageBars {

    private final MetricsService metrics;

    public UsageBars(MetricsService metrics) {
        this.metrics = metrics;
    }

    public Component of(InventoryNode node) {
        return switch (node) {
            case HostNode host -> new HostBars(host.host());
            case VmNode vm when vm.vm().powerState() == PowerState.RUNNING && !vm.vm().stateUnknown() -> new VmBar(vm.id());
            default -> new Span();
        };
    }

    private final class HostBars extends SelfRefreshing {
        private final HostView host;
        private final Bar cpu = new Bar("CPU");
        private final Bar memory = new Bar("RAM");

        HostBars(HostView host) {
            super(2000);
            this.host = host;
            addClassName("xensv-usage");
            add(cpu, memory);
        }

        @Override
        protected void redraw() {
            Optional<HostMetricPoint> last = metrics.latestHost(host.id());
            cpu.set(last.map(HostMetricPoint::cpuPercent).orElse(0.0));
            double used = last.map(HostMetricPoint::memoryUsedPercent)
                    .orElse(host.memoryMiB() == 0 ? 0 : 100.0 * (host.memoryMiB() - host.freeMemoryMiB()) / host.memoryMiB());
            memory.set(used);
        }
    }

    private final class VmBar extends SelfRefreshing {
        private final java.util.UUID vmId;
        private final Bar cpu = new Bar("CPU");

        VmBar(java.util.UUID vmId) {
            super(2000);
            this.vmId = vmId;
            addClassName("xensv-usage");
            add(cpu);
        }

        @Override
        protected void redraw() {
            Optional<VmMetricPoint> last = metrics.latestVm(vmId);
            cpu.setVisible(last.isPresent());
            cpu.set(last.map(VmMetricPoint::cpuPercent).orElse(0.0));
        }
    }

    /** A labelled horizontal bar with its percentage. */
    private static final class Bar extends Div {
        private final Div fill = new Div();
        private final Span value = new Span();

        Bar(String label) {
            addClassName("xensv-bar");
            Div track = new Div(fill);
            track.addClassName("xensv-bar-track");
            fill.addClassName("xensv-bar-fill");
            Span name = new Span(label);
            name.addClassName("xensv-bar-label");
            value.addClassName("xensv-bar-value");
            add(name, track, value);
        }

        void set(double percent) {
            double p = Math.max(0, Math.min(100, percent));
            fill.getStyle().set("width", String.format(Locale.ROOT, "%.1f%%", p));
            fill.getElement().getClassList().set("high", p >= 85);
            value.setText(String.format(Locale.ROOT, "%.0f%%", p));
            getElement().setAttribute("title", value.getText());
        }
    }
}
