package org.xensv.webui.console;

import com.vaadin.flow.component.Component;
import org.xensv.toolstack.console.ConsoleService;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/** The Console tab of a VM: its serial console, following the guest's output. */
public class ConsoleTab implements DetailTab {

    private final ConsoleService console;

    public ConsoleTab(ConsoleService console) {
        this.console = console;
    }

    @Override
    public String title() {
        return "Console";
    }

    @Override
    public String key() {
        return "console";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return node instanceof VmNode v && !v.vm().template();
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        return new SerialConsole(console, node.id());
    }

    /** Kept while the same VM stays selected: a refresh must not wipe what the admin is typing. */
    @Override
    public boolean keepsContent() {
        return true;
    }
}
