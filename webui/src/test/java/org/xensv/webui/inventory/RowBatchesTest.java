package org.xensv.webui.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.vaadin.flow.component.grid.GridArrayUpdater;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The tree's rows reach the browser in runs: the same rows, at the same indexes, in the same order as one by one. */
class RowBatchesTest {

    private final List<String> sent = new ArrayList<>();
    private final RowBatches batches = new RowBatches(new Recorder());

    @Test
    void rowsAtConsecutiveIndexesGoAsOneRun() {
        var update = batches.startUpdate(100);
        IntStream.range(0, 50).forEach(i -> update.set(i, List.of(row(i))));
        update.commit(1);

        assertThat(sent).containsExactly("start 100", "set 0: " + rows(0, 50), "commit 1");
    }

    @Test
    void aGapAClearAndTheCommitEachEndARun() {
        var update = batches.startUpdate(100);
        update.set(3, List.of(row(3)));
        update.set(4, List.of(row(4)));
        update.set(9, List.of(row(9)));   // a gap: rows 3-4 go first
        update.clear(10, 5);              // a clear: row 9 goes first
        update.set(20, List.of(row(20), row(21)));
        update.set(22, List.of(row(22)));
        update.commit(7);

        assertThat(sent).containsExactly("start 100", "set 3: " + rows(3, 5), "set 9: " + rows(9, 10), "clear 10+5",
                "set 20: " + rows(20, 23), "commit 7");
    }

    @Test
    void anUpdateWithoutRowsSendsNoRows() {
        batches.initialize();
        batches.startUpdate(0).commit(2);

        assertThat(sent).containsExactly("initialize", "start 0", "commit 2");
    }

    private static JsonNode row(int index) {
        return JsonNodeFactory.instance.objectNode().put("key", String.valueOf(index));
    }

    private static String rows(int from, int to) {
        return IntStream.range(from, to).mapToObj(RowBatchesTest::row).toList().toString();
    }

    /** The updater Vaadin's grid would have, writing down what it is handed. */
    private final class Recorder implements GridArrayUpdater {

        @Override
        public Update startUpdate(int size) {
            sent.add("start " + size);
            return new Update() {
                @Override
                public void clear(int index, int length) {
                    sent.add("clear " + index + "+" + length);
                }

                @Override
                public void set(int index, List<JsonNode> items) {
                    sent.add("set " + index + ": " + items);
                }

                @Override
                public void commit(int updateId) {
                    sent.add("commit " + updateId);
                }
            };
        }

        @Override
        public void initialize() {
            sent.add("initialize");
        }
    }
}
