package org.xensv.webui.vm;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.BulkAction;
import org.xensv.toolstack.vm.BulkActions;
import org.xensv.toolstack.vm.VmQuery;
import org.xensv.toolstack.vm.VmSearch;
import org.xensv.toolstack.vm.VmSearchText;
import org.xensv.toolstack.vm.VmSort;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.Notifications;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.PoolNode;
import org.xensv.webui.inventory.StateBadge;
import org.xensv.webui.security.Guard;

/**
 * The VMs of the selected pool or host in a grid that loads only the rows on screen: each scroll,
 * sort or keystroke in the search box is one query for the visible window and one count, so a pool
 * of ten thousand VMs opens as fast as one of ten. Sortable by name, state, host, memory and vCPUs;
 * searched by name, {@code tag:}, {@code state:} and {@code host:} as the admin types. The bulk bar
 * acts on the rows selected, or, with none selected, on every VM the search matches (after a
 * confirmation naming how many), as one task with a result per VM.
 */
public class VmGridTab implements DetailTab {

    private final VmSearch search;
    private final BulkActions bulk;
    private final Consumer<UUID> open;
    private final Consumer<TaskView> started;

    private final Div root = new Div();
    private final TextField filter = new TextField();
    private final Span count = new Span();
    private final Grid<VmView> grid = new Grid<>();
    private final CallbackDataProvider<VmView, Void> provider;
    private VmQuery base = VmQuery.all();
    private VmQuery current = VmQuery.all();
    private long matching;

    /**
     * @param open    called with a VM's id when its row is double-clicked (the console selects it in the tree)
     * @param started called with each bulk task started from here
     */
    public VmGridTab(VmSearch search, BulkActions bulk, org.xensv.toolstack.filter.SavedFilterService savedFilters,
                     Consumer<UUID> open, Consumer<TaskView> started) {
        this.search = search;
        this.bulk = bulk;
        this.open = open;
        this.started = started;
        this.provider = new CallbackDataProvider<>(this::fetch, this::count, VmView::id);

        root.addClassName("xensv-vm-grid");
        root.setId("vm-grid-tab");
        filter.setId("vm-grid-search");
        filter.setPlaceholder("Search: name, tag:env=prod, state:running, host:h1");
        filter.getElement().setAttribute("aria-label", "Search the VMs");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.TIMEOUT);
        filter.setValueChangeTimeout(150);
        filter.setManualValidation(true);
        filter.setWidthFull();
        filter.addValueChangeListener(e -> applyFilter());
        count.setId("vm-grid-count");

        grid.setId("vm-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addColumn(VmView::name).setHeader("Name").setSortProperty(VmSort.NAME.key()).setKey("name").setFlexGrow(2);
        grid.addComponentColumn(vm -> {
            Span state = new Span(StateBadge.icon(vm), new Span(" " + StateBadge.text(vm)));
            state.addClassName(StateBadge.cssClass(vm));
            return state;
        }).setHeader("State").setSortProperty(VmSort.STATE.key()).setKey("state");
        grid.addColumn(VmView::hostName).setHeader("Host").setSortProperty(VmSort.HOST.key()).setKey("host");
        grid.addColumn(vm -> vm.memoryMiB() + " MiB").setHeader("Memory").setSortProperty(VmSort.MEMORY.key()).setKey("memory");
        grid.addColumn(VmView::vcpus).setHeader("vCPUs").setSortProperty(VmSort.VCPUS.key()).setKey("vcpus");
        grid.addColumn(vm -> String.join(", ", vm.tags())).setHeader("Tags").setKey("tags").setFlexGrow(2);
        grid.setMultiSort(false);
        grid.setItems(provider);
        grid.addItemDoubleClickListener(e -> open.accept(e.getItem().id()));
        grid.addSortListener(e -> grid.getDataProvider().refreshAll());
        grid.setHeight("28em");
        grid.setWidthFull();

        Div bar = new Div();
        bar.addClassName("xensv-bulk-bar");
        bar.setId("vm-grid-bulk");
        for (BulkAction action : List.of(BulkAction.START, BulkAction.SHUTDOWN, BulkAction.PAUSE, BulkAction.UNPAUSE,
                BulkAction.SUSPEND, BulkAction.RESUME)) {
            bar.add(button(action, () -> confirmAndRun(action, null)));
        }
        bar.add(button(BulkAction.TAG, () -> askTag(BulkAction.TAG)), button(BulkAction.UNTAG, () -> askTag(BulkAction.UNTAG)));
        Span hint = new Span("Acts on the VMs selected, or on every VM the search matches when none is.");
        hint.addClassName("xensv-hint");
        root.add(filter, new org.xensv.webui.filter.SavedFilterBar("grid-filters", savedFilters, filter::getValue, filter::setValue),
                count, grid, bar, hint);
    }

    private Button button(BulkAction action, Runnable run) {
        Button button = new Button(action.label() + (action.changesTags() ? "..." : ""), e -> {
            if (Guard.check(action.permission()) && !nothingToActOn(action)) {
                run.run();
            }
        });
        button.setId("vm-grid-" + action.key());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Guard.apply(button, action.permission());
        return button;
    }

    @Override
    public String title() {
        return "VMs";
    }

    @Override
    public String key() {
        return "vms";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return node instanceof PoolNode || node instanceof HostNode;
    }

    /** The same grid for every pool and host: another node changes its scope, a refresh only its visible rows. */
    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        VmQuery scope = switch (node) {
            case PoolNode p -> VmQuery.all().inPool(p.id());
            case HostNode h -> VmQuery.all().onHost(h.id());
            default -> VmQuery.all();
        };
        if (!scope.equals(base)) {
            base = scope;
            grid.deselectAll();
            applyFilter();
        } else {
            provider.refreshAll();
        }
        return root;
    }

    private void applyFilter() {
        try {
            current = VmSearchText.apply(filter.getValue(), base);
            filter.setInvalid(false);
        } catch (InvalidValueException e) {
            filter.setErrorMessage(e.getMessage());
            filter.setInvalid(true);
            return;
        }
        provider.refreshAll();
    }

    private Stream<VmView> fetch(Query<VmView, Void> query) {
        VmQuery sorted = current;
        List<QuerySortOrder> orders = query.getSortOrders();
        if (!orders.isEmpty()) {
            QuerySortOrder order = orders.get(0);
            sorted = current.sortedBy(VmSort.valueOf(order.getSorted().toUpperCase(java.util.Locale.ROOT)),
                    order.getDirection() == SortDirection.DESCENDING);
        }
        return search.window(sorted, query.getOffset(), query.getLimit()).stream();
    }

    private int count(Query<VmView, Void> query) {
        matching = search.count(current);
        count.setText(String.format("%,d VMs", matching));
        return (int) Math.min(Integer.MAX_VALUE, matching);
    }

    private void askTag(BulkAction action) {
        TextField tag = new TextField("Tag");
        tag.setId("vm-grid-tag-input");
        tag.setPlaceholder("e.g. env=prod");
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("vm-grid-tag-dialog");
        dialog.setHeader(action.label() + " " + target());
        dialog.add(tag);
        dialog.setCancelable(true);
        dialog.setConfirmText(action.label());
        dialog.setCloseOnEsc(true);
        dialog.addConfirmListener(e -> run(action, tag.getValue()));
        dialog.open();
    }

    private void confirmAndRun(BulkAction action, String tag) {
        if (!grid.getSelectedItems().isEmpty() && action != BulkAction.SHUTDOWN) {
            run(action, tag);
            return;
        }
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-dialog");
        confirm.setHeader(action.label() + " " + target() + "?");
        confirm.setText(grid.getSelectedItems().isEmpty()
                ? "No VM is selected: this acts on every VM the search matches. VMs whose state does not allow it are skipped."
                : "VMs whose state does not allow it are skipped.");
        confirm.setCancelable(true);
        confirm.setConfirmText(action.label());
        confirm.addConfirmListener(e -> run(action, tag));
        confirm.open();
    }

    /** No VM selected and none matching: said at once, not after a dialog that offers to act on 0 VMs. */
    private boolean nothingToActOn(BulkAction action) {
        if (!grid.getSelectedItems().isEmpty() || matching > 0) {
            return false;
        }
        Notifications.error(action.label() + ": the search matches no VM, and none is selected");
        return true;
    }

    private String target() {
        Set<VmView> selected = grid.getSelectedItems();
        return selected.isEmpty() ? String.format("all %,d matching VMs", matching) : selected.size() + " selected VMs";
    }

    private void run(BulkAction action, String tag) {
        try {
            Set<VmView> selected = grid.getSelectedItems();
            TaskView task = selected.isEmpty() ? bulk.run(action, current, tag)
                    : bulk.run(action, selected.stream().map(VmView::id).toList(), tag);
            started.accept(task);
            Notifications.info("Started: " + task.name());
        } catch (HypervisorException e) {
            Notifications.error(e);
        }
    }
}
