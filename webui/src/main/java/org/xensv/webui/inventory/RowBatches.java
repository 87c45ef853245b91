package org.xensv.webui.inventory;

import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.grid.GridArrayUpdater;
import com.vaadin.flow.data.provider.ArrayUpdater;

import tools.jackson.databind.JsonNode;

/**
 * Sends a tree grid's rows to the browser in runs rather than one by one. Vaadin's hierarchical data
 * communicator hands its updater each row of the viewport on its own ({@code set(index, [row])}),
 * and each becomes a call of its own in the browser, which updates and measures the rows again: the
 * inventory's first view sent 50 of them. Here rows at consecutive indexes are gathered and handed on
 * as one {@code set}; anything else (a clear, the commit) first hands on what was gathered, so the
 * browser sees the same changes in the same order.
 */
final class RowBatches implements GridArrayUpdater {

    private final GridArrayUpdater rows;

    RowBatches(GridArrayUpdater rows) {
        this.rows = rows;
    }

    @Override
    public Update startUpdate(int size) {
        return new Batch(rows.startUpdate(size));
    }

    @Override
    public void initialize() {
        rows.initialize();
    }

    /** One update: the run of rows gathered so far, from {@code start}. */
    private static final class Batch implements Update {

        private final Update update;
        private final List<JsonNode> run = new ArrayList<>();
        private int start;

        Batch(Update update) {
            this.update = update;
        }

        @Override
        public void set(int index, List<JsonNode> items) {
            if (!run.isEmpty() && index != start + run.size()) {
                send();
            }
            if (run.isEmpty()) {
                start = index;
            }
            run.addAll(items);
        }

        @Override
        public void clear(int index, int length) {
            send();
            update.clear(index, length);
        }

        @Override
        public void commit(int updateId) {
            send();
            update.commit(updateId);
        }

        private void send() {
            if (!run.isEmpty()) {
                update.set(start, List.copyOf(run));
                run.clear();
            }
        }
    }
}
