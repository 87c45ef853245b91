package org.xensv.hypervisor.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's table (Measure | Target | Measured | verdict) and the notes on how each row was
 * measured, both produced by the run: nothing in it is carried over from an earlier file. A verdict
 * is computed from the measured values ("met" / "**missed**"); a row without a target says
 * "reported", a row that could not run says "skipped" and why.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void met(String what, String target, String measured, boolean met) {
        add(what, target, measured, met ? "met" : "**missed**");
    }

    void reported(String what, String measured) {
        add(what, "(none in the issue)", measured, "reported");
    }

    void skipped(String what, String target, String reason) {
        add(what, target, "not measured: " + reason, "skipped");
    }

    private void add(String what, String target, String measured, String verdict) {
        rows.add(new String[] {what, target, measured, verdict});
        System.out.printf("%-60s target %-28s measured %s  [%s]%n", what, target, measured, verdict);
    }

    /** How a row (or group of rows) was measured, with the figures of this run. */
    void note(String label, String text) {
        notes.add("- **" + label + "**: " + text);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("| Measure | Target | Measured | |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append("\nHow each is measured:\n\n");
        notes.forEach(n -> md.append(n).append('\n'));
        return md.toString();
    }
}
