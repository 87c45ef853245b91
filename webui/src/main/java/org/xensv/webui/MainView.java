package org.xensv.webui;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import org.xensv.toolstack.security.AccountService;
import org.xensv.toolstack.security.Action;
import org.xensv.toolstack.security.Grant;
import org.xensv.webui.security.Guard;
import org.xensv.webui.security.UserMenu;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolService;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.config.ImportOptions;
import org.xensv.toolstack.config.ImportedVm;
import org.xensv.toolstack.config.VmConfigService;
import org.xensv.toolstack.vm.UnmanagedDomains;
import org.xensv.toolstack.network.VifForm;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.config.ExportDialog;
import org.xensv.webui.config.ImportDialog;
import org.xensv.webui.host.AddHostDialog;
import org.xensv.webui.details.DetailsPanel;
import org.xensv.toolstack.console.ConsoleService;
import org.xensv.toolstack.metrics.MetricsService;
import org.xensv.webui.console.ConsoleTab;
import org.xensv.webui.performance.PerformanceTab;
import org.xensv.webui.performance.UsageBars;
import org.xensv.webui.details.GeneralTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;
import org.xensv.webui.inventory.InventoryTree;
import org.xensv.webui.migration.MigrationButtons;
import org.xensv.webui.migration.MigrationConsole;
import org.xensv.webui.storage.StorageConsole;
import org.xensv.webui.network.NetworkConsole;
import org.xensv.webui.qos.QosConsole;
import org.xensv.webui.task.TaskList;
import org.xensv.webui.vm.NewVmDialog;
import org.xensv.webui.vm.NewVmWizardModel;
import org.xensv.webui.vm.NewVmWizardModel.HostChoice;
import org.xensv.webui.vm.NewVmTemplate;
import org.xensv.toolstack.template.TemplateService;
import org.xensv.webui.tag.TagConsole;
import org.xensv.webui.vm.VmAction;
import org.xensv.webui.vm.VmToolbar;

/**
 * The console: toolbar on top, inventory tree on the left, the selected object's tabs on the right,
 * tasks at the bottom. It wires the parts together and handles the toolbar's and dialogs' events; the
 * feature parts it is given (migration, storage) and the tabs that show live data (console,
 * performance) call their own toolstack services, and no view touches a repository or a driver.
 */
@Route("")
@PageTitle("xensv")
@PermitAll
public class MainView extends VerticalLayout {

    /** Tasks in the task list. */
    private static final int TASKS_SHOWN = 50;

    private final PoolService pools;
    private final HostService hosts;
    private final VmService vms;
    private final TaskService tasks;
    private final EventBus events;
    private final VmConfigService configs;
    private final StorageConsole storage;
    private final TemplateService templates;
    private final TagConsole tags;
    private final QosConsole qos;
    private final org.xensv.toolstack.vm.VmPlacement placement;
    private final org.xensv.toolstack.vm.VmSearch vmSearch;

    private final InventoryTree tree;
    private final VmToolbar toolbar;
    private final MigrationButtons migrationButtons;
    private final DetailsPanel details;
    private final NetworkConsole network;
    private final TaskList taskList;
    /** Tasks started from this browser tab: their failures are shown as notifications. */
    private final Set<UUID> myTasks = ConcurrentHashMap.newKeySet();

    private Inventory inventory = Inventory.EMPTY;
    private LiveUpdates live;

    public MainView(PoolService pools, HostService hosts, VmService vms, TaskService tasks, EventBus events,
                    MetricsService metrics, ConsoleService console, MigrationConsole migration, VmConfigService configs,
                    StorageConsole storage, NetworkConsole network, TemplateService templates, TagConsole tags,
                    QosConsole qos, org.xensv.webui.ha.HaConsole ha, UnmanagedDomains unmanaged, AccountService accounts,
                    org.xensv.toolstack.security.ApiTokenService apiTokens, AuthenticationContext authentication,
                    org.xensv.toolstack.vm.VmPlacement placement, org.xensv.toolstack.overview.HostOverviewService overviews,
                    org.xensv.toolstack.vm.VmSearch vmSearch, org.xensv.toolstack.vm.BulkActions bulk,
                    org.xensv.toolstack.filter.SavedFilterService savedFilters) {
        Grant grant = Guard.remember();
        this.vmSearch = vmSearch;
        this.placement = placement;
        this.templates = templates;
        this.tags = tags;
        this.qos = qos;
        this.details = new DetailsPanel(List.of(new GeneralTab(tags, unmanaged, overviews, hosts, pools), new ConsoleTab(console), new PerformanceTab(metrics),
                migration.tab(), network.tab(), storage.tab(), qos.tab(), ha.tab(),
                new org.xensv.webui.vm.VmGridTab(vmSearch, bulk, savedFilters, this::openVm, task -> {
                    myTasks.add(task.id());
                    refresh();
                })));
        this.network = network;
        this.pools = pools;
        this.hosts = hosts;
        this.vms = vms;
        this.tasks = tasks;
        this.events = events;
        this.configs = configs;
        this.storage = storage;
        this.tree = new InventoryTree(vmSearch, this::current, node -> showSelection());
        tree.addUnderSearch(new org.xensv.webui.filter.SavedFilterBar("tree-filters", savedFilters, tree::searchText, tree::search));
        this.tree.showUsage(new UsageBars(metrics));
        this.toolbar = new VmToolbar(this::openNewVmWizard, this::openImport, this::openExport, this::act);
        toolbar.onTemplates(this::convertToTemplate, () -> selectedVm().ifPresent(t -> openNewVmWizard(t.id())));
        this.migrationButtons = migration.buttons();
        toolbar.add(migrationButtons);
        toolbar.add(network.editorButton());
        toolbar.add(qos.editorButton());
        this.taskList = new TaskList(this::cancel);

        setSizeFull();
        setPadding(false);
        setSpacing(false);

        Div header = new Div();
        header.addClassName("xensv-header");
        Span brand = new Span(VaadinIcon.CLUSTER.create(), new Span(" xensv"));
        brand.addClassName("xensv-brand");
        Span sub = new Span("Virtual machine console");
        sub.addClassName("xensv-brand-sub");
        header.add(brand, sub);
        // storage: the editor of repositories and images
        com.vaadin.flow.component.button.Button storageButton = new com.vaadin.flow.component.button.Button("Storage",
                VaadinIcon.STORAGE.create(), e -> {
                    if (Guard.check(Action.STORAGE_MANAGE)) {
                        storage.openEditor();
                    }
                });
        storageButton.setId("open-storage");
        storageButton.addThemeVariants(com.vaadin.flow.component.button.ButtonVariant.LUMO_SMALL);
        header.add(storageButton);
        com.vaadin.flow.component.button.Button addHost = new com.vaadin.flow.component.button.Button("Add host",
                VaadinIcon.SERVER.create(), e -> openAddHost());
        addHost.setId("open-add-host");
        addHost.addThemeVariants(com.vaadin.flow.component.button.ButtonVariant.LUMO_SMALL);
        header.add(addHost);
        com.vaadin.flow.component.button.Button newPool = new com.vaadin.flow.component.button.Button("New pool",
                VaadinIcon.CLUSTER.create(), e -> openNewPool());
        newPool.setId("open-new-pool");
        newPool.addThemeVariants(com.vaadin.flow.component.button.ButtonVariant.LUMO_SMALL);
        header.add(newPool);
        Guard.apply(storageButton, Action.STORAGE_MANAGE);
        Guard.apply(addHost, Action.HOST_MANAGE);
        Guard.apply(newPool, Action.POOL_MANAGE);
        com.vaadin.flow.router.RouterLink auditLink = new com.vaadin.flow.router.RouterLink("Audit log",
                org.xensv.webui.audit.AuditView.class);
        auditLink.setId("open-audit");
        header.add(auditLink);
        header.add(new UserMenu(grant, accounts, apiTokens, authentication));

        SplitLayout main = new SplitLayout(tree, details);
        main.setSplitterPosition(31);
        main.setSizeFull();
        main.setId("main-split");

        SplitLayout vertical = new SplitLayout(main, taskList);
        vertical.setOrientation(SplitLayout.Orientation.VERTICAL);
        vertical.setSplitterPosition(70);
        vertical.setSizeFull();

        add(header, toolbar, vertical);
        setFlexGrow(1, vertical);
        setAlignItems(FlexComponent.Alignment.STRETCH);
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        live = new LiveUpdates(attach.getUI(), events, this::onEvent, this::update);
        refresh();
    }

    @Override
    protected void onDetach(DetachEvent detach) {
        if (live != null) {
            live.close();
            live = null;
        }
    }

    /** Reads the inventory and tasks again and redraws what changed (after the admin acted here). */
    private void refresh() {
        inventory = readInventory();
        tree.show(inventory, List.of());
        taskList.show(tasks.recent(TASKS_SHOWN));
        showSelection();
    }

    /**
     * A burst of events: the inventory's pools, hosts and counts read again (a few queries, whatever
     * the number of VMs); in the tree only the rows concerned are redrawn; tasks only when one changed.
     */
    private void update(List<InventoryEvent> burst) {
        inventory = readInventory();
        Set<UUID> changedVms = new java.util.HashSet<>();
        boolean taskChanged = false;
        for (InventoryEvent event : burst) {
            if (event.objectType() == InventoryEvent.ObjectType.VM) {
                changedVms.add(event.id());
            }
            taskChanged |= event.objectType() == InventoryEvent.ObjectType.TASK;
        }
        tree.show(inventory, changedVms);
        if (taskChanged) {
            taskList.show(tasks.recent(TASKS_SHOWN));
        }
        showSelection();
    }

    private Inventory readInventory() {
        return new Inventory(pools.list(), hosts.list(), templates.list(), tags.hostTags(),
                vmSearch.countsByHost(org.xensv.toolstack.vm.VmQuery.all()));
    }

    private void showSelection() {
        Optional<InventoryNode> selected = tree.selected().flatMap(this::fresh);
        if (selected.isEmpty() && tree.selected().isPresent()) {
            tree.clearSelection(); // its object is gone (the listener shows the empty panel)
            return;
        }
        details.show(selected, inventory);
        toolbar.show(selected.filter(VmNode.class::isInstance).map(n -> ((VmNode) n).vm()).orElse(null));
        migrationButtons.show(selected);
    }

    /** The node as of the latest snapshot (the tree may still hold an older view of it). */
    private Optional<InventoryNode> fresh(InventoryNode node) {
        return switch (node) {
            case InventoryNode.PoolNode p -> inventory.pools().stream().filter(x -> x.id().equals(p.id()))
                    .findFirst().map(InventoryNode.PoolNode::new);
            case InventoryNode.HostNode h -> inventory.hosts().stream().filter(x -> x.id().equals(h.id()))
                    .findFirst().map(InventoryNode.HostNode::new);
            case VmNode v -> current(v.id()).map(VmNode::new);
            case InventoryNode.TemplatesNode t -> inventory.pools().stream().filter(x -> x.id().equals(t.pool().id()))
                    .findFirst().map(InventoryNode.TemplatesNode::new);
        };
    }

    private void onEvent(InventoryEvent event) {
        if (event.kind() == InventoryEvent.Kind.DELETED || !myTasks.contains(event.id())) {
            return;
        }
        try {
            TaskView task = tasks.get(event.id());
            if (task.status().finished()) {
                myTasks.remove(task.id());
                if (task.status() == TaskStatus.FAILURE) {
                    Notifications.error(task.name() + " failed: " + task.errorMessage());
                }
            }
        } catch (HypervisorException e) {
            myTasks.remove(event.id());
        }
    }

    // ---- actions ----

    private void act(VmAction action) {
        Optional<VmView> vm = selectedVm();
        if (vm.isEmpty()) {
            return;
        }
        UUID id = vm.get().id();
        String name = vm.get().name();
        if (!Guard.check(action.action())) {
            return;
        }
        if (!action.needsConfirmation()) {
            perform(id, action);
            return;
        }
        try {
            vms.check(id, action.operation());
        } catch (HypervisorException e) {
            Notifications.error(e);
            return;
        }
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-dialog");
        confirm.setHeader(action.label() + " " + name + "?");
        confirm.setText(action == VmAction.DESTROY
                ? "VM '" + name + "' and its configuration will be deleted. This cannot be undone."
                : "VM '" + name + "' is stopped without asking the guest: unsaved data in the guest is lost.");
        confirm.setCancelable(true);
        confirm.setConfirmText(action.label());
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> perform(id, action));
        confirm.open();
    }

    private void perform(UUID id, VmAction action) {
        try {
            TaskView task = vms.perform(id, action.operation());
            myTasks.add(task.id());
        } catch (RuntimeException e) {
            Notifications.error(e);
        }
        refresh();
    }

    private void cancel(TaskView task) {
        if (!Guard.check(Action.TASK_CANCEL)) {
            return;
        }
        try {
            tasks.cancel(task.id());
        } catch (RuntimeException e) {
            Notifications.error(e);
        }
        refresh();
    }

    /** Selects the VM in the tree (a double-click in the VMs grid). */
    private void openVm(UUID id) {
        select(id);
    }

    /** Selects a VM or template in the tree, opening its host or folder, and shows it. */
    private void select(UUID id) {
        current(id).ifPresent(tree::select);
        showSelection();
    }

    /** The VM (or template) as stored now; empty once it is gone. */
    private Optional<VmView> current(UUID id) {
        try {
            return Optional.of(vms.get(id));
        } catch (HypervisorException e) {
            return Optional.empty();
        }
    }

    private Optional<VmView> selectedVm() {
        return tree.selected().flatMap(this::fresh).filter(VmNode.class::isInstance).map(n -> ((VmNode) n).vm());
    }

    private void openNewVmWizard() {
        openNewVmWizard(null);
    }

    /** The New VM wizard, with this template chosen on its first step (null: a blank VM). */
    private void openNewVmWizard(UUID templateId) {
        if (!Guard.check(Action.VM_CREATE)) {
            return;
        }
        List<HostView> all = hosts.list();
        List<HostChoice> choices = all.stream()
                .map(h -> new HostChoice(h.id(), h.name(), h.pcpus(), h.freeMemoryMiB(), h.connected() && !h.maintenance(),
                        h.uri().startsWith("embedded:")))
                .toList();
        Set<String> taken = ConcurrentHashMap.newKeySet();
        vms.list().forEach(v -> taken.add(v.name().toLowerCase(java.util.Locale.ROOT)));
        templates.list().forEach(t -> taken.add(t.name().toLowerCase(java.util.Locale.ROOT)));
        NewVmWizardModel model = new NewVmWizardModel(choices, n -> taken.contains(n.toLowerCase(java.util.Locale.ROOT)));
        selectedHost().ifPresent(model::setHostId);
        // automatic placement unless a host (or a VM's host) is selected; within the selected pool if any
        UUID pool = selectedPool().orElse(null);
        model.usePlacement(org.xensv.webui.vm.NewVmPlacement.offered(
                (memoryMiB, vcpus, group) -> placement.suggest(pool, memoryMiB, vcpus, group), selectedHost().isEmpty()));
        model.setDisk(storage.diskChoices());
        model.useNics(network.wizardNics());
        model.nics().proposeDefault();
        model.useQosPolicies(qos.choices().stream().map(p -> new NewVmWizardModel.QosChoice(p.id(), p.name())).toList());
        List<NewVmTemplate> offered = templateChoices();
        model.useTemplates(offered);
        offered.stream().filter(t -> t.id().equals(templateId)).findFirst().ifPresent(model::setTemplate);
        NewVmDialog[] dialog = new NewVmDialog[1];
        dialog[0] = new NewVmDialog(model, spec -> create(dialog[0], model, model.disk(), model.nics().forms()));
        dialog[0].open();
    }

    /** The templates the wizard offers, with what a copy takes from each. */
    private List<NewVmTemplate> templateChoices() {
        return templates.list().stream().map(t -> {
            TemplateService.Contents contents = templates.contents(t.id());
            return new NewVmTemplate(t.id(), t.name(), t.description(), t.hostId(), t.type().name(), t.workload() == null ? "IDLE" : t.workload().kind().name(),
                    t.vcpus(), t.memoryMiB(),
                    contents.nics().stream().map(n -> "NIC " + n.device() + " on " + n.networkName()).toList(),
                    contents.disks().stream().map(d -> d.device() + " (" + (d.sizeBytes() >> 20) + " MiB)").toList());
        }).toList();
    }

    private void convertToTemplate() {
        if (!Guard.check(Action.TEMPLATE_CREATE)) {
            return;
        }
        selectedVm().ifPresent(vm -> {
            ConfirmDialog confirm = new ConfirmDialog();
            confirm.setId("confirm-dialog");
            confirm.setHeader("Convert " + vm.name() + " to a template?");
            confirm.setText("A template is never started: new VMs are copied from it, its disks cloned. This cannot be undone.");
            confirm.setCancelable(true);
            confirm.setConfirmText("Convert");
            confirm.addConfirmListener(e -> {
                try {
                    templates.convert(vm.id());
                } catch (RuntimeException ex) {
                    Notifications.error(ex);
                }
                refresh();
                select(vm.id());
            });
            confirm.open();
        });
    }

    private void openAddHost() {
        if (!Guard.check(Action.HOST_MANAGE)) {
            return;
        }
        new AddHostDialog(pools.list(), request -> hosts.add(request.pool() == null ? null : request.pool().id(),
                request.name(), request.uri()),
                host -> Notifications.info("Added " + host.name() + ": " + host.connection().name().toLowerCase(java.util.Locale.ROOT)
                        + (host.connectionError() == null || host.connectionError().isBlank() ? "" : " (" + host.connectionError() + ")")))
                .open();
    }

    private void openNewPool() {
        if (!Guard.check(Action.POOL_MANAGE)) {
            return;
        }
        new org.xensv.webui.host.NewPoolDialog(request -> pools.create(request.name(), request.description()), pool -> {
            Notifications.info("Created pool " + pool.name() + "; add hosts to it with Add host");
            refresh();
        }).open();
    }

    private void openImport() {
        if (!Guard.check(Action.VM_CREATE)) {
            return;
        }
        new ImportDialog(request -> configs.importFile(request.format(), request.text(),
                new ImportOptions(request.name(), null, request.start())), this::imported).open();
    }

    private void imported(ImportedVm imported) {
        refresh();
        select(imported.vm().id());
    }

    private void openExport() {
        selectedVm().ifPresent(vm -> {
            try {
                new ExportDialog(vm.name(), (format, hypervisor) -> configs.export(vm.id(), format, hypervisor)).open();
            } catch (RuntimeException e) {
                Notifications.error(e);
            }
        });
    }

    /** The pool of the selected pool, host, VM or templates, if any. */
    private Optional<UUID> selectedPool() {
        return tree.selected().flatMap(this::fresh).flatMap(n -> switch (n) {
            case InventoryNode.PoolNode p -> Optional.of(p.id());
            case InventoryNode.TemplatesNode t -> Optional.of(t.pool().id());
            case InventoryNode.HostNode h -> Optional.of(h.host().poolId());
            case VmNode v -> inventory.hosts().stream().filter(h -> h.id().equals(v.vm().hostId())).findFirst().map(HostView::poolId);
        });
    }

    private Optional<UUID> selectedHost() {
        return tree.selected().flatMap(n -> switch (n) {
            case InventoryNode.HostNode h -> Optional.of(h.id());
            case VmNode v -> Optional.of(v.vm().hostId());
            default -> Optional.empty();
        });
    }

    private void create(NewVmDialog dialog, NewVmWizardModel model, org.xensv.webui.vm.NewVmDisk disk,
                        List<VifForm> nics) {
        VmSpec spec = model.toSpec();
        VmService.Created created;
        boolean withDisk = disk.kind() != org.xensv.webui.vm.NewVmDisk.Kind.NONE;
        if (model.fromTemplate()) {
            try {
                created = templates.instantiate(model.template().id(), model.toInstantiateSpec());
            } catch (HypervisorException e) {
                dialog.showServerError(e);
                return;
            } catch (RuntimeException e) {
                Notifications.error(e);
                return;
            }
            created(dialog, created);
            return;
        }
        UUID policy = model.qosPolicy() == null ? null : model.qosPolicy().id();
        if (policy != null) {
            nics = nics.stream().map(n -> new VifForm(n.networkId(), n.mac(), n.rate(), n.device(), policy)).toList();
        }
        boolean configure = withDisk || policy != null;
        try {
            // a VM with a disk or a QoS policy is created halted (with its NICs), given them, then started if asked
            created = network.createVm(configure ? spec.withStart(false) : spec, nics);
        } catch (HypervisorException e) {
            dialog.showServerError(e);
            return;
        } catch (RuntimeException e) {
            Notifications.error(e);
            return;
        }
        if (configure) {
            try {
                if (policy != null) {
                    qos.applyToVm(created.vm().id(), policy);
                }
                storage.provision(created.vm().id(), disk, policy);
            } catch (RuntimeException e) {
                vms.perform(created.vm().id(), org.xensv.hypervisor.api.Operation.DESTROY);
                Notifications.error(e);
                refresh();
                return;
            }
            if (spec.startAfterCreate()) {
                created = new VmService.Created(created.vm(), created.createTask(),
                        vms.perform(created.vm().id(), org.xensv.hypervisor.api.Operation.START));
            }
        }
        created(dialog, created);
    }

    private void created(NewVmDialog dialog, VmService.Created created) {
        dialog.close();
        if (created.startTask() != null) {
            myTasks.add(created.startTask().id());
        }
        refresh();
        select(created.vm().id());
    }
}
