package org.xensv.webui.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.GridSingleSelectionModel;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.PoolNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/**
 * The inventory: pools, their hosts and each host's VMs with power-state icons and tags, each
 * pool's templates in a Templates folder, and a search field (names, states, tags; {@code tag:x}
 * for one tag; see {@link InventoryFilter}). It shows an {@link Inventory} it is given and reports the selected node; it reads nothing
 * itself.
 */
public class InventoryTree extends Div {

    private final TextField filter = new TextField();
    private final TreeGrid<InventoryNode> tree = new TreeGrid<>();
    private final TreeData<InventoryNode> data = new TreeData<>();
    private final TreeDataProvider<InventoryNode> provider = new TreeDataProvider<>(data);
    private final Set<UUID> collapsed = new HashSet<>();
    /** The newest view of each object shown; rows are drawn from it. */
    private final Map<UUID, InventoryNode> latest = new HashMap<>();
    private List<Placed> placed = List.of();
    private Inventory inventory = new Inventory(List.of(), List.of(), List.of());

    public InventoryTree(Consumer<Optional<InventoryNode>> onSelect) {
        addClassName("xensv-inventory");
        setId("inventory");

        filter.setId("inventory-filter");
        filter.setPlaceholder("Search pools, hosts, VMs, or tag:name");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        // answered as the admin types: 150 ms after the last key (LAZY's default waits 400 ms)
        filter.setValueChangeMode(ValueChangeMode.TIMEOUT);
        filter.setValueChangeTimeout(150);
        filter.setWidthFull();
        filter.getElement().setAttribute("aria-label", "Search the inventory");
        filter.addValueChangeListener(e -> rebuild());

        tree.setId("inventory-tree");
        tree.getElement().setAttribute("aria-label", "Inventory");
        tree.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_COMPACT);
        tree.addComponentHierarchyColumn(this::render).setHeader("Inventory");
        tree.setDataProvider(provider);
        // Clicking the selected row again keeps it selected, as in XenCenter.
        ((GridSingleSelectionModel<InventoryNode>) tree.getSelectionModel()).setDeselectAllowed(false);
        // Remember what the user collapsed (not what a rebuild of the tree did) and keep it so.
        tree.addExpandListener(e -> {
            if (e.isFromClient()) {
                e.getItems().forEach(n -> collapsed.remove(n.id()));
            }
        });
        tree.addCollapseListener(e -> {
            if (e.isFromClient()) {
                e.getItems().forEach(n -> collapsed.add(n.id()));
            }
        });
        tree.asSingleSelect().addValueChangeListener(e -> onSelect.accept(Optional.ofNullable(e.getValue())));
        tree.setSizeFull();
        selectOnLabelClick();

        add(filter, tree);
    }

    /** Adds a usage column (bars) drawn by {@code usage} for each row. */
    public void showUsage(java.util.function.Function<InventoryNode, com.vaadin.flow.component.Component> usage) {
        tree.addComponentColumn(usage::apply).setHeader("Usage").setWidth("8.5em").setFlexGrow(0);
    }

    /** Shows a new snapshot, keeping selection, expansion and the filter. */
    public void show(Inventory snapshot) {
        this.inventory = snapshot;
        rebuild();
    }

    public Optional<InventoryNode> selected() {
        return tree.asSingleSelect().getOptionalValue();
    }

    /** Selects the node of this object if the tree shows it. */
    public void select(UUID id) {
        data.getRootItems().stream()
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), descendants(p)))
                .filter(n -> n.id().equals(id)).findFirst()
                .ifPresent(n -> tree.asSingleSelect().setValue(n));
    }

    private java.util.stream.Stream<InventoryNode> descendants(InventoryNode node) {
        return data.getChildren(node).stream()
                .flatMap(c -> java.util.stream.Stream.concat(java.util.stream.Stream.of(c), descendants(c)));
    }

    /**
     * A click on a row's label selects the row; only the arrow expands or collapses it. (A tree
     * toggle otherwise takes every click on its content as "expand or collapse".) The browser
     * names the row by its key; the server looks the key up, so a row redrawn meanwhile still
     * selects the right object.
     */
    private void selectOnLabelClick() {
        tree.getElement().executeJs("""
                const grid = this;
                if (grid.__xensvSelectOnLabel) return;
                grid.__xensvSelectOnLabel = true;
                grid.addEventListener('click', e => {
                  if (!(e.target instanceof Element) || !e.target.closest('.tree-row')) return;
                  e.stopPropagation();
                  const context = grid.getEventContext(e);
                  if (context && context.item) {
                    grid.dispatchEvent(new CustomEvent('xensv-row-select', {detail: {key: context.item.key}}));
                  }
                }, true);""");
        tree.getElement().addEventListener("xensv-row-select", e -> {
            String key = e.getEventData().get("event.detail.key").asString();
            InventoryNode node = tree.getDataCommunicator().getKeyMapper().get(key);
            if (node != null) {
                tree.asSingleSelect().setValue(node);
            }
        }).addEventData("event.detail.key");
    }

    private void rebuild() {
        InventoryFilter q = InventoryFilter.parse(filter.getValue());
        List<Placed> wanted = layout(q);
        if (wanted.equals(placed)) {
            // Same rows in the same places: redraw only the rows whose object changed, so a click
            // that lands during a refresh still finds its row.
            for (Placed row : wanted) {
                InventoryNode before = latest.put(row.node().id(), row.node());
                if (before == null || !payload(before).equals(payload(row.node()))) {
                    provider.refreshItem(row.node());
                }
            }
            return;
        }
        List<InventoryNode> rootsBefore = List.copyOf(data.getRootItems());
        placed = wanted;
        restructure(wanted);
        latest.clear();
        wanted.forEach(row -> latest.put(row.node().id(), row.node()));
        if (!rootsBefore.equals(data.getRootItems())) {
            provider.refreshAll(); // new or removed pools: rare, and the only full reset
        } else {
            // Refresh only what changed, never resetting the tree: a reset forgets the rows'
            // keys, and a click the browser sent just before would be lost.
            for (InventoryNode root : data.getRootItems()) {
                provider.refreshItem(root, true);
            }
        }
        var expand = new ArrayList<InventoryNode>();
        for (Placed row : wanted) {
            if (!(row.node() instanceof VmNode) && (!q.isEmpty() || !collapsed.contains(row.node().id()))) {
                expand.add(row.node());
            }
        }
        tree.expand(expand);
        selected().ifPresent(node -> {
            if (!data.contains(node)) {
                tree.asSingleSelect().clear();
            }
        });
    }

    /**
     * Brings the tree's rows to the wanted ones by removing, adding and moving rows, never by
     * starting afresh: rows that stay keep their identity, so a click on one is never lost.
     */
    private void restructure(List<Placed> wanted) {
        Map<InventoryNode, InventoryNode> parentOf = new HashMap<>();
        wanted.forEach(row -> parentOf.put(row.node(), row.parent()));
        List<InventoryNode> existing = data.getRootItems().stream()
                .flatMap(root -> java.util.stream.Stream.concat(java.util.stream.Stream.of(root), descendants(root)))
                .toList();
        for (InventoryNode node : existing) {
            if (data.contains(node) && (!parentOf.containsKey(node)
                    || !java.util.Objects.equals(data.getParent(node), parentOf.get(node)))) {
                data.removeItem(node);
            }
        }
        for (Placed row : wanted) {
            if (!data.contains(row.node())) {
                data.addItem(row.parent(), row.node());
            }
        }
        Map<InventoryNode, InventoryNode> previous = new HashMap<>();
        Map<InventoryNode, Boolean> seenParent = new HashMap<>();
        for (Placed row : wanted) {
            InventoryNode parent = row.parent();
            InventoryNode before = seenParent.containsKey(parent) ? previous.get(parent) : null;
            data.moveAfterSibling(row.node(), before);
            seenParent.put(parent, Boolean.TRUE);
            previous.put(parent, row.node());
        }
    }

    /** A row of the tree: a node under its parent (null for a root). */
    private record Placed(InventoryNode parent, InventoryNode node) {
    }

    /** The rows the filter lets through, parents before children, in display order. */
    private List<Placed> layout(InventoryFilter q) {
        List<Placed> rows = new ArrayList<>();
        for (PoolView pool : inventory.pools()) {
            PoolNode poolNode = new PoolNode(pool);
            boolean poolMatches = q.tag() == null && q.matches(List.of(pool.name()), List.of());
            List<Placed> under = new ArrayList<>();
            for (HostView host : inventory.hostsOf(pool)) {
                boolean hostMatches = poolMatches || q.matches(List.of(host.name()), inventory.tagsOf(host));
                var vms = inventory.vmsOn(host).stream()
                        .filter(vm -> hostMatches || q.matches(List.of(vm.name(), vm.powerState().label()), vm.tags())).toList();
                if (!hostMatches && vms.isEmpty()) {
                    continue;
                }
                HostNode hostNode = new HostNode(host);
                under.add(new Placed(poolNode, hostNode));
                vms.forEach(vm -> under.add(new Placed(hostNode, new VmNode(vm))));
            }
            var templates = inventory.templatesOf(pool).stream()
                    .filter(t -> poolMatches || q.matches(List.of(t.name(), "template"), t.tags())).toList();
            if (!templates.isEmpty()) {
                InventoryNode.TemplatesNode folder = new InventoryNode.TemplatesNode(pool);
                under.add(new Placed(poolNode, folder));
                templates.forEach(t -> under.add(new Placed(folder, new VmNode(t))));
            }
            if (poolMatches || !under.isEmpty()) {
                rows.add(new Placed(null, poolNode));
                rows.addAll(under);
            }
        }
        return rows;
    }

    private static Object payload(InventoryNode node) {
        return switch (node) {
            case PoolNode p -> p.pool();
            case HostNode h -> h.host();
            case VmNode v -> v.vm();
            case InventoryNode.TemplatesNode t -> t.pool();
        };
    }

    private Component render(InventoryNode shown) {
        InventoryNode node = latest.getOrDefault(shown.id(), shown);
        Span row = new Span();
        row.addClassNames("xensv-node", "tree-row");
        Span name = new Span(node.name());
        name.addClassName("name");
        switch (node) {
            case PoolNode p -> {
                row.addClassName("pool-node");
                row.getElement().setAttribute("data-pool", p.name());
                row.add(decorative(VaadinIcon.CLUSTER.create()), name);
            }
            case HostNode h -> {
                HostView host = h.host();
                row.addClassName(host.connected() ? "host-node" : "host-offline");
                row.getElement().setAttribute("data-host", host.name());
                row.add(decorative(VaadinIcon.SERVER.create()), name);
                if (!host.connected()) {
                    row.add(stateText("disconnected"));
                } else if (host.maintenance()) {
                    row.add(stateText("maintenance"));
                }
                addTags(row, inventory.tagsOf(host));
            }
            case InventoryNode.TemplatesNode t -> {
                row.addClassName("templates-node");
                row.getElement().setAttribute("data-templates", t.pool().name());
                row.add(decorative(VaadinIcon.FOLDER_O.create()), name);
            }
            case VmNode v -> {
                VmView vm = v.vm();
                row.addClassName(StateBadge.cssClass(vm));
                row.getElement().setAttribute("data-vm", vm.name());
                row.add(StateBadge.icon(vm), name, stateText(StateBadge.text(vm)));
                if (vm.template()) {
                    row.addClassName("template-node");
                    row.getElement().setAttribute("data-template", vm.name());
                }
                if (vm.currentOperation() != null) {
                    Span busy = new Span(vm.currentOperation().label() + "…");
                    busy.addClassName("busy");
                    row.add(busy);
                }
                addTags(row, vm.tags());
            }
        }
        return row;
    }

    private static void addTags(Span row, List<String> tags) {
        for (String tag : tags) {
            Span chip = new Span(tag);
            chip.addClassName("tag-chip");
            row.add(chip);
        }
    }

    private static Span stateText(String text) {
        Span state = new Span(text);
        state.addClassName("state");
        return state;
    }

    private static Icon decorative(Icon icon) {
        icon.getElement().setAttribute("aria-hidden", "true");
        return icon;
    }
}
