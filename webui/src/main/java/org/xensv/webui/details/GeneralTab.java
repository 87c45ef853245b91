package org.xensv.webui.details;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.overview.HostOverview;
import org.xensv.toolstack.overview.HostOverviewService;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.UnmanagedDomains;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.Notifications;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.PoolNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;
import org.xensv.webui.inventory.StateBadge;
import org.xensv.webui.vm.NewVmWizardModel;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.webui.tag.TagConsole;

/** The General tab: the properties of a pool, a host or a VM (with their tags, editable), or a pool's templates. */
public class GeneralTab implements DetailTab {

    private final TagConsole tags;
    private final UnmanagedDomains unmanaged;
    private final HostOverviewService overviews;
    private final org.xensv.toolstack.host.HostService hosts;
    private final org.xensv.toolstack.pool.PoolService pools;

    public GeneralTab(TagConsole tags, UnmanagedDomains unmanaged, HostOverviewService overviews,
                      org.xensv.toolstack.host.HostService hosts, org.xensv.toolstack.pool.PoolService pools) {
        this.tags = tags;
        this.unmanaged = unmanaged;
        this.overviews = overviews;
        this.hosts = hosts;
        this.pools = pools;
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    @Override
    public String title() {
        return "General";
    }

    @Override
    public String key() {
        return "general";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return true;
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        return switch (node) {
            case PoolNode p -> pool(p.pool(), inventory);
            case HostNode h -> host(h.host(), inventory);
            case VmNode v -> vm(v.vm());
            case InventoryNode.TemplatesNode t -> templates(inventory.templatesOf(t.pool()));
        };
    }

    private Component templates(java.util.List<VmView> templates) {
        Props props = new Props();
        for (VmView t : templates) {
            props.add(t.name(), t.vcpus() + " vCPU, " + t.memoryMiB() + " MiB, "
                    + (t.workload() == null ? "no guest image" : NewVmWizardModel.workloadLabel(t.workload().kind().name()))
                    + (t.description() == null || t.description().isBlank() ? "" : ": " + t.description()));
        }
        return props;
    }

    private Component pool(PoolView pool, Inventory inventory) {
        var hosts = inventory.hostsOf(pool);
        var vms = inventory.countsOf(pool);
        long memory = hosts.stream().mapToLong(HostView::memoryMiB).sum();
        long free = hosts.stream().mapToLong(HostView::freeMemoryMiB).sum();
        Props props = new Props();
        props.add("Name", pool.name());
        props.addIfPresent("Description", pool.description());
        props.add("Hosts", hosts.size() + " (" + hosts.stream().filter(HostView::connected).count() + " connected)");
        props.add("VMs", vms.vms() + " (" + vms.running() + " running)");
        props.add("pCPUs", String.valueOf(hosts.stream().mapToInt(HostView::pcpus).sum()));
        props.add("Memory", usage(memory - free, memory));
        if (hosts.isEmpty()) {
            Button delete = new Button("Delete pool", click -> {
                if (!org.xensv.webui.security.Guard.check(org.xensv.toolstack.security.Action.POOL_MANAGE)) {
                    return;
                }
                try {
                    pools.delete(pool.id());
                    Notifications.info("Deleted pool " + pool.name());
                } catch (RuntimeException e) {
                    Notifications.error(e);
                }
            });
            delete.setId("pool-delete");
            org.xensv.webui.security.Guard.apply(delete, org.xensv.toolstack.security.Action.POOL_MANAGE);
            props.add("", delete);
        }
        return props;
    }

    /**
     * A host: what it is, its connection and last error, its CPU and memory use, its VMs, and the
     * networks and storage it reaches (from {@link HostOverviewService}: what was last known, even of a
     * host that does not answer now).
     */
    private Component host(HostView host, Inventory inventory) {
        HostOverview overview = overviews.of(host.id());
        Props props = new Props();
        props.add("Name", host.name());
        props.add("Address", host.uri());
        props.add("Hypervisor", host.hypervisor() == null ? "" : host.hypervisor());
        if (host.agentVersion() != null && !host.agentVersion().isBlank()) {
            props.add("Agent version", span("host-agent-version", "xensv-agent " + host.agentVersion()));
        }
        props.addIfPresent("CPU model", host.cpuModel());
        props.add("Connection", span("host-connection", host.connection().name().toLowerCase(Locale.ROOT)
                + (host.connectionError() == null || host.connectionError().isBlank() ? "" : ": " + host.connectionError())));
        props.add("Last error", span("host-last-error", host.lastError() == null ? "none"
                : (host.lastErrorAt() == null ? "" : WHEN.format(host.lastErrorAt()) + ": ") + host.lastError()));
        props.add("Maintenance mode", host.maintenance() ? "on" : "off");
        props.add("pCPUs", String.valueOf(host.pcpus()));
        String load = overview.committedVcpus() + " vCPUs of running VMs ("
                + String.format(Locale.ROOT, "%.2f", overview.vcpusPerPcpu()) + " per pCPU)";
        props.add("CPU usage", overview.cpuPercent() == null
                ? new Div(span("host-cpu-usage", "not sampled yet; " + load))
                : meter("host-cpu-usage", String.format(Locale.ROOT, "%.0f%% of %d pCPUs; ", overview.cpuPercent(), host.pcpus()) + load,
                        Math.round(overview.cpuPercent()), 100, "CPU used"));
        props.add("Memory", meter("host-memory-usage", overview.memoryUsedMiB() + " of " + overview.memoryMiB() + " MiB used",
                overview.memoryUsedMiB(), overview.memoryMiB(), "Memory used"));
        props.add("Free memory", host.freeMemoryMiB() + " MiB");
        props.add("VMs", span("host-vms", overview.vms().isEmpty() ? "none" : overview.vms().stream()
                .map(v -> v.name() + " (" + StateBadge.text(v) + ")").collect(Collectors.joining(", "))));
        props.add("Networks", span("host-networks", overview.networks().isEmpty() ? "none" : overview.networks().stream()
                .map(n -> n.name() + (n.vlan() == null ? " (untagged)" : " (VLAN " + n.vlan() + ")")).collect(Collectors.joining(", "))));
        props.add("Storage", span("host-storage", overview.storage().isEmpty() ? "none" : overview.storage().stream()
                .map(sr -> sr.name() + " (" + sr.kind().name().toLowerCase(Locale.ROOT) + ", " + (sr.freeBytes() >> 20) + " MiB free)")
                .collect(Collectors.joining(", "))));
        props.add("Tags", tags.editor(TaggedKind.HOST, host.id()));
        props.add("Pool", movePool(host, inventory));
        if (!host.connected() || host.uri().startsWith("embedded:")) {
            return props;
        }
        return new Div(props, unmanagedDomains(host));
    }

    /** The host's pool, and a move to another one (refused, with the reason, while the host has VMs). */
    private Component movePool(HostView host, Inventory inventory) {
        String current = inventory.pools().stream().filter(p -> p.id().equals(host.poolId())).map(PoolView::name)
                .findFirst().orElse("");
        List<PoolView> others = inventory.pools().stream().filter(p -> !p.id().equals(host.poolId())).toList();
        Span name = span("host-pool", current);
        if (others.isEmpty()) {
            return name;
        }
        com.vaadin.flow.component.select.Select<PoolView> target = new com.vaadin.flow.component.select.Select<>();
        target.setId("host-move-pool");
        target.setItems(others);
        target.setItemLabelGenerator(PoolView::name);
        target.setPlaceholder("another pool");
        Button move = new Button("Move", click -> {
            if (target.getValue() == null || !org.xensv.webui.security.Guard.check(org.xensv.toolstack.security.Action.HOST_MANAGE)) {
                return;
            }
            try {
                hosts.moveToPool(host.id(), target.getValue().id());
                Notifications.info("Moved " + host.name() + " to " + target.getValue().name());
            } catch (RuntimeException e) {
                Notifications.error(e);
            }
        });
        move.setId("host-move");
        org.xensv.webui.security.Guard.apply(move, org.xensv.toolstack.security.Action.HOST_MANAGE);
        org.xensv.webui.security.Guard.apply(target, org.xensv.toolstack.security.Action.HOST_MANAGE);
        Div row = new Div(name, target, move);
        row.addClassName("xensv-inline");
        return row;
    }

    private static Span span(String id, String text) {
        Span span = new Span(text);
        span.setId(id);
        return span;
    }

    private static Component meter(String id, String text, long used, long total, String label) {
        ProgressBar bar = new ProgressBar(0, Math.max(1, total), Math.max(0, Math.min(used, total)));
        bar.addClassName("xensv-meter");
        bar.getElement().setAttribute("aria-label", label);
        return new Div(span(id, text), bar);
    }

    /** A libvirt host's domains the inventory does not hold, each with Adopt (they are otherwise left alone). */
    private Component unmanagedDomains(HostView host) {
        Div section = new Div(new H4("Domains not managed by xensv"));
        section.setId("host-unmanaged-domains");
        List<DomainInfo> domains;
        try {
            domains = unmanaged.of(host.id());
        } catch (HypervisorException e) {
            section.add(new Span(e.getMessage()));
            return section;
        }
        if (domains.isEmpty()) {
            section.add(new Span("None: every domain on this host is in the inventory."));
            return section;
        }
        Grid<DomainInfo> grid = new Grid<>();
        grid.addColumn(DomainInfo::name).setHeader("Name");
        grid.addColumn(d -> d.powerState().label()).setHeader("State");
        grid.addColumn(DomainInfo::vcpus).setHeader("vCPUs");
        grid.addColumn(d -> d.memoryMiB() + " MiB").setHeader("Memory");
        grid.addComponentColumn(d -> {
            Button adopt = new Button("Adopt", click -> {
                try {
                    unmanaged.adopt(host.id(), d.uuid());
                    Notifications.info("Adopted " + d.name() + ": it is in the inventory, still " + d.powerState().label());
                } catch (RuntimeException e) {
                    Notifications.error(e);
                }
            });
            adopt.setId("adopt-" + d.name());
        org.xensv.webui.security.Guard.apply(adopt, org.xensv.toolstack.security.Action.HOST_MANAGE);
            return adopt;
        }).setHeader("");
        grid.setItems(domains);
        grid.setAllRowsVisible(true);
        section.add(grid);
        return section;
    }

    private Component vm(VmView vm) {
        Props props = new Props();
        props.add("Name", vm.name());
        props.addIfPresent("Description", vm.description());
        Span state = new Span(StateBadge.text(vm) + (vm.currentOperation() == null ? "" : " (" + vm.currentOperation().label() + " in progress)"));
        state.setId("vm-power-state");
        props.add("Power state", state);
        if (vm.template()) {
            props.add("Template", "yes: never started; New VM copies it, its disks cloned");
        }
        if (vm.lastEvent() != null && !vm.lastEvent().isBlank()) {
            Span event = new Span((vm.lastEventAt() == null ? "" : WHEN.format(vm.lastEventAt()) + ": ") + vm.lastEvent());
            event.setId("vm-last-event");
            props.add("Last event", event);
        }
        props.add("Home server", vm.hostName());
        props.add("Anti-affinity group", span("vm-anti-affinity", vm.antiAffinityGroup() == null ? "none" : vm.antiAffinityGroup()));
        props.add("Virtualisation mode", vm.type().name());
        props.add("vCPUs", String.valueOf(vm.vcpus()));
        props.add("Memory", vm.memoryMiB() + " MiB");
        if (vm.workload() != null) {
            props.add("Guest image", NewVmWizardModel.workloadLabel(vm.workload().kind().name()));
        }
        props.add("On crash", vm.onCrash().name().toLowerCase(Locale.ROOT));
        props.add("High availability", vm.haRestartPriority() == null ? "unprotected"
                : vm.haRestartPriority().label() + " (order " + vm.haRestartOrder() + ")");
        props.add("CPU weight / cap", vm.cpuWeight() + " / " + (vm.cpuCap() == 0 ? "none" : vm.cpuCap() + "%"));
        props.add("Allowed operations", vm.allowedOperations().stream().sorted().map(Operation::label)
                .collect(Collectors.joining(", ")));
        props.add("Tags", tags.editor(TaggedKind.VM, vm.id()));
        props.add("Created", vm.createdAt() == null ? "" : WHEN.format(vm.createdAt()));
        props.add("UUID", vm.id().toString());
        return props;
    }

    private static Component usage(long used, long total) {
        Span text = new Span(used + " of " + total + " MiB used");
        ProgressBar bar = new ProgressBar(0, Math.max(1, total), Math.max(0, Math.min(used, total)));
        bar.addClassName("xensv-meter");
        bar.getElement().setAttribute("aria-label", "Memory used");
        return new Div(text, bar);
    }

    /** A two-column list of properties. */
    private static final class Props extends DescriptionList {
        Props() {
            addClassName("xensv-props");
        }

        void add(String term, String value) {
            add(term, new Span(value));
        }

        void addIfPresent(String term, String value) {
            if (value != null && !value.isBlank()) {
                add(term, value);
            }
        }

        void add(String term, Component value) {
            add(new Term(term), new Description(value));
        }
    }
}
