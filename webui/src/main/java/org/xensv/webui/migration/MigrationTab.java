package org.xensv.webui.migration;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import org.xensv.toolstack.migration.FlightView;
import org.xensv.toolstack.migration.MigrationService;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/**
 * A VM's Migration tab: its latest migration, live while it runs (redrawn on every pushed update)
 * and its flight report afterwards, so the report outlives the wizard's dialog.
 */
final class MigrationTab implements DetailTab {

    private final MigrationService migrations;

    MigrationTab(MigrationService migrations) {
        this.migrations = migrations;
    }

    @Override
    public String title() {
        return "Migration";
    }

    @Override
    public String key() {
        return "migration";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return node instanceof VmNode;
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        Div tab = new Div();
        tab.addClassName("mig-tab");
        tab.setId("migration-tab");
        FlightView flight = migrations.latestFlightOf(node.id()).orElse(null);
        if (flight == null) {
            Div none = new Div("No migration of " + node.name() + " since the console started. "
                    + "Migrate… moves it to another host while it runs, with a prediction first and a flight report after.");
            none.addClassName("xensv-empty");
            tab.add(none);
            return tab;
        }
        Div head = new Div(flight.vmName() + " from " + flight.source() + " to " + flight.destination()
                + (flight.finished() ? "" : " · in progress"));
        head.addClassName("mig-subtle");
        FlightPanel panel = new FlightPanel(null, "tab-flight");
        panel.show(flight, null, flight.vmName(), flight.source(), flight.destination());
        tab.add(head, panel);
        return tab;
    }
}
