package org.xensv.webui.details;

import com.vaadin.flow.component.Component;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;

/**
 * One tab of the details pane (General, Console, Performance, ...). A tab says which objects it
 * applies to and draws itself for the selected one from an inventory snapshot: again at every
 * refresh, unless it {@linkplain #keepsContent() keeps its content}.
 */
public interface DetailTab {

    String title();

    /** The tab's DOM id suffix, e.g. {@code general} for {@code tab-general}. */
    String key();

    boolean appliesTo(InventoryNode node);

    Component render(InventoryNode node, Inventory inventory);

    /**
     * True for a tab the admin types into, or that follows its object by itself (a console): drawn
     * when its object is selected, and kept, not drawn again, while the same object stays selected,
     * so a refresh (any task or change anywhere) never wipes what is being typed. A form in such a tab
     * shows what it was opened on; saving it over someone else's change is refused as stale.
     */
    default boolean keepsContent() {
        return false;
    }
}
