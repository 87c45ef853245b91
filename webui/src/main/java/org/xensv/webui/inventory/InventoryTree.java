package org.xensv.webui.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.GridSingleSelectionModel;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.AbstractBackEndHierarchicalDataProvider;
import com.vaadin.flow.data.provider.hierarchy.HierarchicalQuery;
import com.vaadin.flow.data.value.ValueChangeMode;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.vm.VmCounts;
import org.xensv.toolstack.vm.VmQuery;
import org.xensv.toolstack.vm.VmSearch;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.PoolNode;
import org.xensv.webui.inventory.InventoryNode.TemplatesNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/**
 * The inventory as XenCenter shows it: pools, their hosts with how many VMs each holds and runs,
 * each host's VMs with power-state icons and tags, each pool's templates in a Templates folder, and
 * a search field. It loads only what is shown: pools, hosts and counts come from an {@link Inventory}
 * (a few queries, whatever the number of VMs); a host's VMs are read from the database a page at a
 * time when it is expanded (a host of at most {@value #OPEN_UP_TO} VMs is open at first, a larger one
 * shows its counts until the admin opens it). The search is answered in SQL as the admin types
 * ({@link InventoryFilter}): only the matching VMs, under their hosts. An update refreshes only the
 * rows it concerns: a host whose counts changed, the VMs of an open host of which one changed.
 */
public class InventoryTree extends Div {

    /** A host with at most this many VMs is open at first; a larger one shows its counts until expanded. */
    public static final int OPEN_UP_TO = 20;

    private final VmSearch search;
    private final Function<UUID, Optional<VmView>> vmById;
    private final TextField filter = new TextField();
    private final Tree tree = new Tree();
    private final Provider provider = new Provider();
    /** Nodes the admin collapsed (open ones stay closed across refreshes). */
    private final Set<UUID> collapsed = new HashSet<>();
    /** Large hosts the admin opened. */
    private final Set<UUID> opened = new HashSet<>();
    /** The newest view of each node read; rows are drawn from it. */
    private final Map<UUID, InventoryNode> latest = new HashMap<>();
    /** The host of each VM row read (to refresh an open host when one of its VMs changes). */
    private final Map<UUID, UUID> hostOfRow = new HashMap<>();
    private Inventory inventory = Inventory.EMPTY;
    private InventoryFilter query = InventoryFilter.NONE;
    private InventoryLayout layout = InventoryLayout.EMPTY;
    private boolean everShown;

    /**
     * @param vmById a VM as stored now (empty once gone): an open host's row of a VM that changed is
     *               read again alone
     */
    public InventoryTree(VmSearch search, Function<UUID, Optional<VmView>> vmById, Consumer<Optional<InventoryNode>> onSelect) {
        this.search = search;
        this.vmById = vmById;
        addClassName("xensv-inventory");
        setId("inventory");

        filter.setId("inventory-filter");
        filter.setPlaceholder("Search: name, tag:env=prod, state:running, host:h1, pool:lab");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        // answered as the admin types: 150 ms after the last key (LAZY's default waits 400 ms)
        filter.setValueChangeMode(ValueChangeMode.TIMEOUT);
        filter.setValueChangeTimeout(150);
        filter.setManualValidation(true);
        filter.setWidthFull();
        filter.getElement().setAttribute("aria-label", "Search the inventory");
        filter.addValueChangeListener(e -> searchChanged());

        tree.setId("inventory-tree");
        tree.getElement().setAttribute("aria-label", "Inventory");
        tree.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_COMPACT);
        tree.addColumn(InventoryRowRenderer.create(this::newest, this::counts,
                host -> inventory.tagsOf(host), tree::toggleFromClient)).setHeader("Inventory");
        tree.setDataProvider(provider);
        // Clicking the selected row again keeps it selected, as in XenCenter.
        ((GridSingleSelectionModel<InventoryNode>) tree.getSelectionModel()).setDeselectAllowed(false);
        // Remember what the admin opened and closed (not what a refresh did) and keep it so.
        tree.addExpandListener(e -> {
            if (e.isFromClient()) {
                e.getItems().forEach(n -> {
                    collapsed.remove(n.id());
                    opened.add(n.id());
                });
            }
        });
        tree.addCollapseListener(e -> {
            if (e.isFromClient()) {
                e.getItems().forEach(n -> {
                    collapsed.add(n.id());
                    opened.remove(n.id());
                });
            }
        });
        tree.asSingleSelect().addValueChangeListener(e -> onSelect.accept(Optional.ofNullable(e.getValue())));
        tree.setSizeFull();
        selectOnLabelClick();

        add(filter, tree);
    }

    /** Adds a usage column (bars), its rows on screen redrawn when their figures change. */
    public void showUsage(UsageColumn usage) {
        tree.addColumn(usage.renderer(this::newest)).setHeader("Usage").setWidth("8.5em").setFlexGrow(0);
        Map<UUID, Object> drawn = new HashMap<>();
        add(new org.xensv.webui.chart.SelfRefreshing(usage.periodMillis()) {
            @Override
            protected void redraw() {
                // the rows read since the last full refresh: every host, the VMs of open hosts the grid asked for
                for (InventoryNode node : List.copyOf(latest.values())) {
                    Object now = usage.drawn(node);
                    Object before = drawn.put(node.id(), now);
                    if (!now.equals(before)) {
                        provider.refreshItem(node);
                    }
                }
            }
        });
    }

    private InventoryNode newest(InventoryNode shown) {
        return latest.getOrDefault(shown.id(), shown);
    }

    /** Places a control (the saved filters) under the search box. */
    public void addUnderSearch(Component control) {
        addComponentAtIndex(indexOf(filter) + 1, control);
    }

    /** The search box's text (a saved filter keeps it). */
    public String searchText() {
        return filter.getValue();
    }

    /** Puts a search in the box, as if typed. */
    public void search(String text) {
        filter.setValue(text == null ? "" : text);
    }

    /**
     * Shows a new snapshot, keeping selection, expansion and the search. {@code changedVms}: the VMs
     * an event named since the last one; an open host whose rows hold one of them reads its page again.
     */
    public void show(Inventory snapshot, Collection<UUID> changedVms) {
        Inventory previous = inventory;
        this.inventory = snapshot;
        InventoryLayout before = layout;
        layout = layoutFor(query);
        if (!everShown || !layout.sameShape(before)) {
            everShown = true;
            latest.clear();
            hostOfRow.clear();
            provider.refreshAll();
            expandAsWanted(false);
            return;
        }
        Map<UUID, List<UUID>> changedRows = new HashMap<>();
        for (UUID vm : changedVms) {
            UUID host = hostOfRow.get(vm);
            if (host != null) {
                changedRows.computeIfAbsent(host, h -> new ArrayList<>()).add(vm);
            }
        }
        for (PoolNode pool : layout.pools()) {
            refreshIfChanged(pool, false);
            for (InventoryNode child : layout.childrenOf(pool)) {
                if (child instanceof HostNode host) {
                    // VMs came, went or moved (or the search asks otherwise): its rows are read again;
                    // otherwise only the rows of the VMs that changed, each alone, keeping the others as drawn
                    boolean membership = before.countsOf(host).vms() != layout.countsOf(host).vms()
                            || !before.vmsOf().get(host.id()).equals(layout.vmsOf().get(host.id()));
                    // its row shows its counts, its tags and its total, which are not in its view
                    boolean rowChanged = !before.countsOf(host).equals(layout.countsOf(host))
                            || !previous.tagsOf(host.host()).equals(inventory.tagsOf(host.host()))
                            || !previous.countsOf(host.host()).equals(inventory.countsOf(host.host()));
                    if (membership && tree.isExpanded(host)) {
                        latest.put(host.id(), host);
                        provider.refreshItem(host, true);
                        continue;
                    }
                    refreshIfChanged(host, rowChanged);
                    if (tree.isExpanded(host)) {
                        for (UUID id : changedRows.getOrDefault(host.id(), List.of())) {
                            vmById.apply(id).filter(vm -> host.id().equals(vm.hostId())).ifPresent(vm -> {
                                VmNode row = new VmNode(vm);
                                latest.put(vm.id(), row);
                                provider.refreshItem(row);
                            });
                        }
                    }
                } else if (child instanceof TemplatesNode folder
                        && !before.templates().getOrDefault(folder.pool().id(), List.of()).equals(layout.templatesOf(folder))) {
                    provider.refreshItem(folder, true);
                } else if (child instanceof TemplatesNode folder) {
                    for (VmNode template : layout.templatesOf(folder)) {
                        refreshIfChanged(template, false);
                    }
                }
            }
        }
        expandAsWanted(false);
    }

    /** Redraws a row whose object's view changed (or {@code anyway}); true when it did. */
    private boolean refreshIfChanged(InventoryNode node, boolean anyway) {
        InventoryNode before = latest.put(node.id(), node);
        if (anyway || before == null || !payload(before).equals(payload(node))) {
            provider.refreshItem(node);
            return true;
        }
        return false;
    }

    public Optional<InventoryNode> selected() {
        return tree.asSingleSelect().getOptionalValue();
    }

    public void clearSelection() {
        tree.asSingleSelect().clear();
    }

    /** Selects a VM (or template), opening its host (or its pool's Templates folder) if the tree shows it. */
    public void select(VmView vm) {
        HostView host = inventory.hosts().stream().filter(h -> h.id().equals(vm.hostId())).findFirst().orElse(null);
        if (host == null) {
            return;
        }
        if (vm.template()) {
            inventory.pools().stream().filter(p -> p.id().equals(host.poolId())).findFirst().ifPresent(pool -> {
                tree.expand(new PoolNode(pool), new TemplatesNode(pool));
            });
        } else if (layout.vmsOf().containsKey(host.id())) {
            HostNode node = new HostNode(host);
            opened.add(host.id());
            collapsed.remove(host.id());
            inventory.pools().stream().filter(p -> p.id().equals(host.poolId())).findFirst()
                    .ifPresent(pool -> tree.expand(new PoolNode(pool)));
            tree.expand(node);
        } else {
            return;
        }
        VmNode node = new VmNode(vm);
        latest.put(vm.id(), node);
        tree.asSingleSelect().setValue(node);
    }

    /** Whether a host's VMs are open in the tree (for tests of what is read). */
    boolean isOpen(HostNode host) {
        return tree.isExpanded(host);
    }

    private void searchChanged() {
        InventoryFilter typed;
        try {
            typed = InventoryFilter.parse(filter.getValue());
            filter.setInvalid(false);
        } catch (InvalidValueException e) {
            filter.setErrorMessage(e.getMessage());
            filter.setInvalid(true);
            return;
        }
        query = typed;
        layout = layoutFor(query);
        latest.clear();
        hostOfRow.clear();
        provider.refreshAll();
        expandAsWanted(true);
    }

    private InventoryLayout layoutFor(InventoryFilter filter) {
        return InventoryLayout.of(inventory, filter, filter.isEmpty() ? inventory.counts() : search.countsByHost(filter.query()));
    }

    /**
     * Opens pools and folders unless the admin closed them; hosts of at most {@value #OPEN_UP_TO} VMs
     * unless closed, larger ones if the admin opened them, and every host that matches a search.
     * {@code closeOthers}: after a new search, closes the hosts that are open but not wanted so.
     */
    private void expandAsWanted(boolean closeOthers) {
        List<InventoryNode> open = new ArrayList<>();
        List<InventoryNode> close = new ArrayList<>();
        for (PoolNode pool : layout.pools()) {
            if (!collapsed.contains(pool.id())) {
                open.add(pool);
            }
            for (InventoryNode child : layout.childrenOf(pool)) {
                boolean wanted = switch (child) {
                    case HostNode host -> {
                        long vms = layout.countsOf(host).vms();
                        yield vms > 0 && (!query.isEmpty()
                                || !collapsed.contains(host.id()) && (vms <= OPEN_UP_TO || opened.contains(host.id())));
                    }
                    default -> !collapsed.contains(child.id());
                };
                if (wanted && !tree.isExpanded(child)) {
                    open.add(child);
                } else if (!wanted && closeOthers && tree.isExpanded(child)) {
                    close.add(child);
                }
            }
        }
        if (!close.isEmpty()) {
            tree.collapse(close);
        }
        open.removeIf(tree::isExpanded);
        if (!open.isEmpty()) {
            tree.expand(open);
        }
    }

    /**
     * The tree's rows, read as the grid asks for them: pools, hosts and folders from the layout,
     * a host's VMs from the database, only the window the grid draws.
     */
    private final class Provider extends AbstractBackEndHierarchicalDataProvider<InventoryNode, Void> {

        @Override
        public int getChildCount(HierarchicalQuery<InventoryNode, Void> query) {
            InventoryNode parent = query.getParent();
            if (parent == null) {
                return layout.pools().size();
            }
            return switch (parent) {
                case PoolNode pool -> layout.childrenOf(pool).size();
                case HostNode host -> (int) Math.min(Integer.MAX_VALUE, layout.countsOf(host).vms());
                case TemplatesNode folder -> layout.templatesOf(folder).size();
                case VmNode vm -> 0;
            };
        }

        @Override
        public boolean hasChildren(InventoryNode item) {
            return switch (item) {
                case PoolNode pool -> !layout.childrenOf(pool).isEmpty();
                case HostNode host -> layout.countsOf(host).vms() > 0;
                case TemplatesNode folder -> !layout.templatesOf(folder).isEmpty();
                case VmNode vm -> false;
            };
        }

        @Override
        protected Stream<InventoryNode> fetchChildrenFromBackEnd(HierarchicalQuery<InventoryNode, Void> query) {
            InventoryNode parent = query.getParent();
            List<? extends InventoryNode> rows = switch (parent) {
                case null -> layout.pools();
                case PoolNode pool -> layout.childrenOf(pool);
                case TemplatesNode folder -> layout.templatesOf(folder);
                case VmNode vm -> List.of();
                case HostNode host -> {
                    VmQuery vms = layout.vmsOf().get(host.id());
                    if (vms == null) {
                        yield List.of();
                    }
                    List<VmNode> page = search.window(vms, query.getOffset(), query.getLimit()).stream().map(VmNode::new).toList();
                    page.forEach(vm -> hostOfRow.put(vm.id(), host.id()));
                    yield page;
                }
            };
            List<? extends InventoryNode> window = parent instanceof HostNode ? rows
                    : rows.stream().skip(query.getOffset()).limit(query.getLimit()).toList();
            window.forEach(node -> latest.put(node.id(), node));
            return window.stream().map(InventoryNode.class::cast);
        }

        @Override
        public InventoryNode getParent(InventoryNode item) {
            return switch (item) {
                case PoolNode pool -> null;
                case HostNode host -> poolNodeOf(host.host().poolId());
                case TemplatesNode folder -> new PoolNode(folder.pool());
                case VmNode vm -> {
                    HostView host = inventory.hosts().stream().filter(h -> h.id().equals(vm.vm().hostId())).findFirst().orElse(null);
                    if (host == null) {
                        yield null;
                    }
                    if (vm.vm().template()) {
                        PoolNode pool = poolNodeOf(host.poolId());
                        yield pool == null ? null : new TemplatesNode(pool.pool());
                    }
                    yield new HostNode(host);
                }
            };
        }

        private PoolNode poolNodeOf(UUID poolId) {
            return layout.pools().stream().filter(p -> p.id().equals(poolId)).findFirst().orElse(null);
        }
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
                    const row = e.target.closest('.tree-row');
                    grid.dispatchEvent(new CustomEvent('xensv-row-select',
                        {detail: {key: context.item.key, id: row.getAttribute('data-id') || ''}}));
                  }
                }, true);""");
        tree.getElement().addEventListener("xensv-row-select", e -> {
            String key = e.getEventData().get("event.detail.key").asString();
            String id = e.getEventData().get("event.detail.id").asString();
            InventoryNode node = tree.getDataCommunicator().getKeyMapper().get(key);
            if (node == null && !id.isEmpty()) {
                node = latest.get(UUID.fromString(id)); // the row was read again since the browser drew it
            }
            if (node != null) {
                tree.asSingleSelect().setValue(node);
            }
        }).addEventData("event.detail.key").addEventData("event.detail.id");
    }

    private static Object payload(InventoryNode node) {
        return switch (node) {
            case PoolNode p -> p.pool();
            case HostNode h -> h.host();
            case VmNode v -> v.vm();
            case InventoryNode.TemplatesNode t -> t.pool();
        };
    }

    /** "12 VMs, 3 running" (or, under a search, "3 of 12 VMs"): from the counts, without reading the VMs. */
    private InventoryRowRenderer.Counts counts(HostNode host) {
        VmCounts shown = layout.countsOf(host);
        VmCounts all = inventory.countsOf(host.host());
        String text = query.isEmpty() || shown.equals(all)
                ? plural(all.vms(), "VM") + ", " + all.running() + " running"
                : String.format("%,d of %s", shown.vms(), plural(all.vms(), "VM"));
        return new InventoryRowRenderer.Counts(shown.vms(), shown.running(), text);
    }

    private static String plural(long n, String noun) {
        return String.format("%,d %s", n, n == 1 ? noun : noun + "s");
    }

    /** The grid with its client-side toggle: a click on a row's arrow opens or closes it as the admin's own act. */
    private static final class Tree extends TreeGrid<InventoryNode> {

        void toggleFromClient(InventoryNode item) {
            if (!getDataCommunicator().hasChildren(item)) {
                return;
            }
            if (isExpanded(item)) {
                collapse(List.of(item), true);
            } else {
                expand(List.of(item), true);
            }
        }
    }
}
