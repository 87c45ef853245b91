package org.xensv.webui.console;

import java.util.UUID;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import org.xensv.toolstack.console.ConsoleService;
import org.xensv.toolstack.security.Action;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;
import org.xensv.webui.security.Guard;

/**
 * The Console tab of a VM: its serial console as text with a line to type on, as an interactive
 * terminal (xterm.js), and its graphical display (noVNC, for hosts whose driver has one: libvirt).
 */
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
        UUID vm = node.id();
        Tab text = tab("Text", "console-text");
        Tab terminal = tab("Terminal", "console-terminal");
        Tab display = tab("Display", "console-display");
        // the display takes keys and clicks: only roles that may type on consoles get it (the terminal is for
        // every role to watch; its socket drops a read-only user's keys)
        Guard.apply(display, Action.VM_CONSOLE);
        Tabs choice = new Tabs(text, terminal, display);
        choice.setId("console-kind");
        VerticalLayout layout = new VerticalLayout(choice, new SerialConsole(console, vm));
        layout.setPadding(false);
        choice.addSelectedChangeListener(e -> {
            layout.remove(layout.getComponentAt(1));
            Tab selected = e.getSelectedTab();
            layout.add(selected == terminal ? new BrowserConsole(BrowserConsole.Page.TERMINAL, vm)
                    : selected == display ? new BrowserConsole(BrowserConsole.Page.DISPLAY, vm)
                    : new SerialConsole(console, vm));
        });
        return layout;
    }

    private static Tab tab(String label, String id) {
        Tab tab = new Tab(label);
        tab.setId(id);
        return tab;
    }

    /** Kept while the same VM stays selected: a refresh must not wipe what the admin is typing. */
    @Override
    public boolean keepsContent() {
        return true;
    }
}
