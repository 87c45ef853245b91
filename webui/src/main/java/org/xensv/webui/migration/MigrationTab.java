package org.xensv.webui.migration;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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
 * and its flight report afterwards, so the report outlives the wizard's dialog and a restart.
 */
final class MigrationTab implements DetailTab {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

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
        return node instanceof VmNode v && !v.vm().template();
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        Div tab = new Div();
        tab.addClassName("mig-tab");
        tab.setId("migration-tab");
        FlightView flight = migrations.latestFlightOf(node.id()).orElse(null);
        if (flight == null) {
            Div none = new Div("No migration of " + node.name() + " on record. "
                    + "Migrate… moves it to another host while it runs, with a prediction first and a flight report after.");
            none.addClassName("xensv-empty");
            tab.add(none);
            return tab;
        }
        Div head = new Div(flight.vmName() + " from " + flight.source() + " to " + flight.destination()
                + (flight.finishedAt() == null ? " · in progress" : " · finished " + WHEN.format(flight.finishedAt())));
        head.addClassName("mig-subtle");
        FlightPanel panel = new FlightPanel(null, "tab-flight");
        panel.show(flight, null, flight.vmName(), flight.source(), flight.destination());
        tab.add(head, panel);
        return tab;
    }
}
