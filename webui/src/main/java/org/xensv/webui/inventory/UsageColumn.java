package org.xensv.webui.inventory;

import java.util.function.UnaryOperator;

import com.vaadin.flow.data.renderer.LitRenderer;

/**
 * A column of live figures beside the inventory (the usage bars): drawn by a browser template from
 * each row's values, and kept current by the tree, which every {@link #periodMillis} redraws the rows
 * on screen whose {@link #drawn} value changed, instead of one self-refreshing component per row.
 */
public interface UsageColumn {

    /** The template and its values; {@code current} gives a row's newest node. */
    LitRenderer<InventoryNode> renderer(UnaryOperator<InventoryNode> current);

    /** What the row shows now, as it is drawn (equal values: nothing to redraw). */
    Object drawn(InventoryNode current);

    long periodMillis();
}
