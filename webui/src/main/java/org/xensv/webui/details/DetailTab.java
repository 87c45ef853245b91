package org.xensv.webui.details;

import com.vaadin.flow.component.Component;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;

/**
 * One tab of the details pane (General now; Console and Performance later). A tab says which
 * objects it applies to and draws itself for the selected one from an inventory snapshot.
 */
public interface DetailTab {

    String title();

    /** The tab's DOM id suffix, e.g. {@code general} for {@code tab-general}. */
    String key();

    boolean appliesTo(InventoryNode node);

    Component render(InventoryNode node, Inventory inventory);
}
