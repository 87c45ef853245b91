package org.xensv.webui.details;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.PoolNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;
import org.xensv.webui.inventory.StateBadge;

/**
 * The right-hand side: the selected object's name and its tabs. Tabs are {@link DetailTab}s, so
 * Console and Performance plug in beside General. The open tab is kept across refreshes. Only the
 * open tab is drawn; another is drawn when it is opened (a VM has nine tabs, most of which read
 * from their services, and a refresh would otherwise redraw them all).
 */
public class DetailsPanel extends Div {

    private final List<DetailTab> tabs;
    private final H2 title = new H2();
    private TabSheet sheet;
    private final Div empty = new Div("Select a pool, host or VM in the inventory.");
    private final List<DetailTab> shown = new ArrayList<>();
    private final List<Div> contents = new ArrayList<>();
    private InventoryNode current;
    private Inventory inventory = Inventory.EMPTY;
    /** Per tab shown: whether what it shows is older than the selection (it is drawn when opened). */
    private final List<Boolean> stale = new ArrayList<>();

    public DetailsPanel(List<DetailTab> tabs) {
        this.tabs = List.copyOf(tabs);
        addClassName("xensv-details");
        setId("details");
        title.setId("details-title");
        empty.addClassName("xensv-empty");
        add(empty);
    }

    public void show(Optional<InventoryNode> node, Inventory inventory) {
        if (node.isEmpty()) {
            current = null;
            removeAll();
            add(empty);
            return;
        }
        InventoryNode n = node.get();
        // the tabs change when another set applies (another kind of node, or a VM that became a template)
        boolean sameTabs = current != null && applicable(current).equals(applicable(n));
        if (!sameTabs) {
            rebuildTabs(n);
        }
        boolean sameObject = sameTabs && current.id().equals(n.id());
        current = n;
        this.inventory = inventory;
        title.removeAll();
        title.add(icon(n), new com.vaadin.flow.component.html.Span(n.name()));
        int open = sheet.getSelectedIndex();
        for (int i = 0; i < shown.size(); i++) {
            if (sameObject && shown.get(i).keepsContent() && contents.get(i).getComponentCount() > 0) {
                continue;
            }
            if (i == open) {
                draw(i);
            } else {
                stale.set(i, Boolean.TRUE); // drawn when its tab is opened: the others cost nothing meanwhile
            }
        }
    }

    private void draw(int i) {
        stale.set(i, Boolean.FALSE);
        Div content = contents.get(i);
        Component drawn = shown.get(i).render(current, inventory);
        if (content.getComponentCount() == 1 && content.getComponentAt(0) == drawn) {
            return; // the tab updated what it shows in place: taking it off the page and back would lose typed input
        }
        content.removeAll();
        content.add(drawn);
    }

    private List<DetailTab> applicable(InventoryNode node) {
        return tabs.stream().filter(t -> t.appliesTo(node)).toList();
    }

    private void rebuildTabs(InventoryNode node) {
        int selected = sheet == null ? 0 : Math.max(0, sheet.getSelectedIndex());
        removeAll();
        sheet = new TabSheet();
        sheet.setWidthFull();
        sheet.setId("details-tabs");
        shown.clear();
        contents.clear();
        stale.clear();
        for (DetailTab tab : tabs) {
            if (tab.appliesTo(node)) {
                Div content = new Div();
                Tab t = sheet.add(tab.title(), content);
                t.setId("tab-" + tab.key());
                shown.add(tab);
                contents.add(content);
                stale.add(Boolean.TRUE);
            }
        }
        if (selected < shown.size()) {
            sheet.setSelectedIndex(selected);
        }
        sheet.addSelectedChangeListener(e -> {
            int i = sheet.getSelectedIndex();
            if (i >= 0 && i < shown.size() && stale.get(i) && current != null) {
                draw(i);
            }
        });
        add(title, sheet);
    }

    private static Component icon(InventoryNode node) {
        Component icon = switch (node) {
            case PoolNode p -> VaadinIcon.CLUSTER.create();
            case HostNode h -> VaadinIcon.SERVER.create();
            case VmNode v -> StateBadge.icon(v.vm());
            case InventoryNode.TemplatesNode t -> VaadinIcon.COPY_O.create();
        };
        Div wrap = new Div(icon);
        wrap.addClassName("xensv-node");
        if (node instanceof VmNode v) {
            wrap.addClassName(StateBadge.cssClass(v.vm()));
        } else {
            wrap.addClassName(node instanceof HostNode ? "host-node" : "pool-node");
        }
        return wrap;
    }
}
