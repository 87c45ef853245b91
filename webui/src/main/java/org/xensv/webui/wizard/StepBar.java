package org.xensv.webui.wizard;

import java.util.function.Function;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** The numbered list of a wizard's steps above its page, the current one highlighted. */
public final class StepBar<S extends Enum<S>> extends Div {

    private final S[] steps;
    private final Function<S, String> title;
    private final String[] after;

    /** {@code after}: further numbered stages shown past the last step (e.g. the running migration). */
    public StepBar(Class<S> type, Function<S, String> title, String... after) {
        this.steps = type.getEnumConstants();
        this.title = title;
        this.after = after.clone();
        addClassName("wizard-steps");
    }

    /** Highlights a step of the wizard. */
    public void show(S current) {
        render(current, null);
    }

    /** Highlights one of the stages past the last step. */
    public void showStage(String stage) {
        render(null, stage);
    }

    private void render(S current, String stage) {
        removeAll();
        for (S s : steps) {
            add(label((s.ordinal() + 1) + ". " + title.apply(s), s == current));
        }
        for (int i = 0; i < after.length; i++) {
            add(label((steps.length + i + 1) + ". " + after[i], after[i].equals(stage)));
        }
    }

    private static Span label(String text, boolean current) {
        Span label = new Span(text);
        if (current) {
            label.addClassName("current");
        }
        return label;
    }
}
