package org.xensv.webui.migration;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.xensv.hypervisor.migration.MigrationPrediction;

/**
 * The wizard's last page: what the pre-copy model predicts from the VM's measured dirty rate, its
 * non-zero memory and the link, and a prominent warning when the guest dirties faster than the link.
 */
final class PredictionPanel extends Div {

    PredictionPanel(MigrateWizardModel model, MigrationPrediction p) {
        addClassName("mig-prediction");
        setId("migrate-prediction");

        Span vm = new Span(model.vmName());
        vm.addClassName("mig-strong");
        Div route = new Div(vm, new Span(" from " + model.sourceName()), arrow(), new Span(model.destinationName()));
        route.addClassName("mig-route");
        Div options = new Div(model.optionsSummary());
        options.addClassName("mig-subtle");
        add(route, options);

        if (p.warning() != null) {
            Div warning = new Div(VaadinIcon.WARNING.create(), new Span(p.warning()));
            warning.addClassName("mig-warning");
            warning.addClassName(p.dirtyRateExceedsLink() ? "severe" : "mild");
            warning.setId("migrate-warning");
            warning.getElement().setAttribute("role", "alert");
            add(warning);
        }

        Div cards = new Div(
                card("pred-total", "Total time", Units.duration(p.totalTime()),
                        "physical limit " + Units.duration(p.physicalLimit())),
                card("pred-downtime", "Downtime", Units.duration(p.downtime()), "guest paused"),
                card("pred-bytes", "Bytes on the wire", Units.bytes(p.bytes()),
                        "non-zero memory " + Units.bytes(p.nonZeroBytes())),
                card("pred-rounds", "Rounds", String.valueOf(p.rounds()), FlightComparison.modeLabel(p.mode())));
        cards.addClassName("mig-cards");
        add(cards);

        add(rates(p));

        Div why = new Div(new Span("The model: round 0 sends the non-zero memory at the link rate; each next round resends "
                + "what the guest dirtied during the one before, until the rest fits the downtime target."));
        why.addClassName("mig-subtle");
        add(why);
    }

    /** Dirty rate against link rate as two bars on one scale: the whole story of pre-copy in one glance. */
    private static Div rates(MigrationPrediction p) {
        double top = Math.max(Math.max(p.dirtyBytesPerSec(), p.bandwidthBytesPerSec()), 1);
        Div box = new Div();
        box.addClassName("mig-rates");
        box.setId("migrate-rates");
        box.add(rateRow("Guest dirties", Units.byteRate(p.dirtyBytesPerSec()), p.dirtyBytesPerSec() / top,
                p.dirtyRateExceedsLink() ? "dirty over" : "dirty"));
        box.add(rateRow("Link carries", Units.byteRate(p.bandwidthBytesPerSec()) + " (" + Units.bitRate(p.bandwidthBytesPerSec()) + ")",
                p.bandwidthBytesPerSec() / top, "link"));
        double ratio = p.bandwidthBytesPerSec() > 0 ? p.dirtyBytesPerSec() / p.bandwidthBytesPerSec() : 0;
        Div verdict = new Div(p.dirtyRateExceedsLink()
                ? "The guest dirties memory faster than the link carries it: pre-copy alone cannot converge."
                : String.format(java.util.Locale.ROOT, "The guest dirties %.0f%% of what the link carries: each round shrinks by that factor.",
                ratio * 100));
        verdict.addClassName("mig-subtle");
        box.add(verdict);
        return box;
    }

    private static Div rateRow(String label, String value, double fraction, String kind) {
        Div bar = new Div();
        bar.addClassName("mig-rate-bar");
        for (String k : kind.split(" ")) {
            bar.addClassName(k);
        }
        bar.getStyle().set("width", String.format(java.util.Locale.ROOT, "%.1f%%", Math.max(0.5, Math.min(1, fraction) * 100)));
        Div track = new Div(bar);
        track.addClassName("mig-rate-track");
        Span name = new Span(label);
        name.addClassName("mig-rate-label");
        Span v = new Span(value);
        v.addClassName("mig-rate-value");
        Div row = new Div(name, track, v);
        row.addClassName("mig-rate-row");
        return row;
    }

    static Div card(String id, String label, String value, String note) {
        Span l = new Span(label);
        l.addClassName("mig-card-label");
        Span v = new Span(value);
        v.addClassName("mig-card-value");
        Span n = new Span(note);
        n.addClassName("mig-card-note");
        Div card = new Div(l, v, n);
        card.addClassName("mig-card");
        card.setId(id);
        return card;
    }

    private static Span arrow() {
        Span a = new Span(" → ");
        a.addClassName("mig-arrow");
        return a;
    }
}
