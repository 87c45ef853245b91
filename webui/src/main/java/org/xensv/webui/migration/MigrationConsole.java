package org.xensv.webui.migration;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.IntegerField;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.migration.EvacuationRow;
import org.xensv.toolstack.migration.FlightView;
import org.xensv.toolstack.migration.MaintenanceService;
import org.xensv.toolstack.migration.MigrateRequest;
import org.xensv.toolstack.migration.MigrationService;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.Notifications;
import org.xensv.webui.inventory.InventoryNode;

/**
 * The console's migration actions: opens the Migrate wizard, the maintenance-mode and bulk-migrate
 * dialogs, and is the only class of this package that calls the toolstack.
 */
@Component
public class MigrationConsole {

    private final MigrationService migrations;
    private final MaintenanceService maintenance;
    private final TaskService tasks;
    private final VmService vms;
    private final HostService hosts;

    MigrationConsole(MigrationService migrations, MaintenanceService maintenance, TaskService tasks, VmService vms, HostService hosts) {
        this.migrations = migrations;
        this.maintenance = maintenance;
        this.tasks = tasks;
        this.vms = vms;
        this.hosts = hosts;
    }

    /** The VM's Migration tab: its latest flight, live, then its report. */
    public org.xensv.webui.details.DetailTab tab() {
        return new MigrationTab(migrations);
    }

    /** A new set of toolbar buttons for one view. */
    public MigrationButtons buttons() {
        return new MigrationButtons(this);
    }

    void openMigrate(UUID vmId) {
        VmView vm;
        try {
            vm = vms.get(vmId);
            vms.check(vmId, Operation.MIGRATE);
        } catch (HypervisorException e) {
            Notifications.error(e);
            return;
        }
        MigrateWizardModel model = new MigrateWizardModel(vm.name(), vm.hostName(), migrations.destinations(vmId));
        new MigrateDialog(model, new MigrateDialog.Backend() {
            @Override
            public MigrationPrediction predict(MigrateRequest request) {
                return migrations.predict(vmId, request);
            }

            @Override
            public TaskView start(MigrateRequest request) {
                return migrations.migrate(vmId, request);
            }

            @Override
            public Optional<FlightView> flight(UUID taskId) {
                return migrations.flight(taskId);
            }

            @Override
            public TaskView task(UUID taskId) {
                return tasks.get(taskId);
            }

            @Override
            public void cancel(UUID taskId) {
                tasks.cancel(taskId);
            }
        }).open();
    }

    void openEnterMaintenance(UUID hostId) {
        HostView host = hosts.get(hostId);
        List<VmView> onHost = vms.onHost(hostId);
        Div text = new Div(onHost.isEmpty()
                ? "No VM runs on " + host.name() + ". It will take no new VMs until you exit maintenance mode."
                : "Every VM on " + host.name() + " (" + onHost.size() + ") will be migrated to the other hosts of the pool, "
                  + "a few at a time; halted VMs move with their configuration. " + host.name()
                  + " takes no new VMs until you exit maintenance mode.");
        text.addClassName("mig-paragraph");
        Checkbox force = new Checkbox("Force: stay in maintenance mode even if some VMs cannot move");
        force.setId("maintenance-force");
        IntegerField concurrency = concurrencyField("maintenance-concurrency");
        Div setup = new Div(text, concurrency, force);
        setup.addClassName("mig-page");
        new EvacuationDialog("maintenance-dialog", "Enter maintenance mode on " + host.name() + "?",
                "Maintenance mode: evacuating " + host.name(), setup,
                "Enter maintenance mode", false,
                () -> maintenance.enterMaintenance(hostId, force.getValue(), concurrency.getValue()),
                host.name() + " is in maintenance mode", evacuationBackend()).open();
    }

    void exitMaintenance(UUID hostId) {
        try {
            HostView host = maintenance.exitMaintenance(hostId);
            Notifications.info(host.name() + " left maintenance mode and takes VMs again.");
        } catch (RuntimeException e) {
            Notifications.error(e);
        }
    }

    /** Bulk migrate: every VM that can migrate now, those of the selected host (or the selected VM) ticked. */
    void openBulk(Optional<InventoryNode> selection) {
        List<VmView> movable = vms.list().stream().filter(v -> v.allows(Operation.MIGRATE)).toList();
        Set<UUID> preselect = new HashSet<>();
        selection.ifPresent(node -> {
            switch (node) {
                case InventoryNode.HostNode h -> movable.stream().filter(v -> v.hostId().equals(h.id())).forEach(v -> preselect.add(v.id()));
                case InventoryNode.VmNode v -> preselect.add(v.id());
                default -> { }
            }
        });
        Grid<VmView> grid = new Grid<>();
        grid.setId("bulk-vms");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addColumn(VmView::name).setHeader("VM").setSortable(true);
        grid.addColumn(VmView::hostName).setHeader("On host").setSortable(true);
        grid.addColumn(v -> v.memoryMiB() + " MiB").setHeader("Memory");
        grid.setItems(movable);
        grid.setEmptyStateText("No VM can migrate now: only running VMs migrate.");
        grid.setHeight("16rem");
        movable.stream().filter(v -> preselect.contains(v.id())).forEach(grid::select);

        List<HostView> all = hosts.list();
        ComboBox<HostView> destination = new ComboBox<>("Destination");
        destination.setId("bulk-destination");
        destination.setItems(all);
        destination.setItemLabelGenerator(h -> h.name() + " (" + h.freeMemoryMiB() + " MiB free"
                + (h.maintenance() ? ", in maintenance" : "") + ")");
        destination.setPlaceholder("Automatic: the roomiest eligible host for each VM");
        destination.setClearButtonVisible(true);
        destination.setWidthFull();
        destination.setHelperText("Leave empty to let the toolstack place each VM");
        IntegerField concurrency = concurrencyField("bulk-concurrency");
        Div intro = new Div("Tick the VMs to move; they migrate live as one task, a few at a time.");
        intro.addClassName("mig-subtle");
        Div setup = new Div(intro, grid, destination, concurrency);
        setup.addClassName("mig-page");
        EvacuationDialog[] dialog = new EvacuationDialog[1];
        dialog[0] = new EvacuationDialog("bulk-dialog", "Migrate VMs", "Migrating VMs", setup, "Migrate selected VMs", false, () -> {
            List<UUID> ids = grid.getSelectedItems().stream().map(VmView::id).toList();
            if (ids.isEmpty()) {
                dialog[0].showMessage("Select at least one VM to migrate.");
                return null;
            }
            return maintenance.migrateMany(ids, destination.getValue() == null ? null : destination.getValue().id(),
                    concurrency.getValue());
        }, "Every selected VM moved", evacuationBackend());
        dialog[0].open();
    }

    private EvacuationDialog.Backend evacuationBackend() {
        return new EvacuationDialog.Backend() {
            @Override
            public TaskView task(UUID taskId) {
                return tasks.get(taskId);
            }

            @Override
            public Optional<List<EvacuationRow>> rows(UUID taskId) {
                return maintenance.rows(taskId);
            }

            @Override
            public void cancel(UUID taskId) {
                tasks.cancel(taskId);
            }
        };
    }

    private static IntegerField concurrencyField(String id) {
        IntegerField concurrency = new IntegerField("Migrations at a time");
        concurrency.setId(id);
        concurrency.setMin(1);
        concurrency.setMax(16);
        concurrency.setStepButtonsVisible(true);
        concurrency.setValue(MaintenanceService.DEFAULT_CONCURRENCY);
        concurrency.setWidth("12rem");
        return concurrency;
    }
}
