package org.xensv.webui.wizard;

import java.util.List;
import java.util.function.Function;

/**
 * Which step of a wizard is shown, and the rule every wizard follows: Next leaves a step only when
 * it has no errors; Back always works; a later error (e.g. from the server) can send it back.
 */
public final class WizardSteps<S extends Enum<S>> {

    private final S[] steps;
    private S current;

    public WizardSteps(Class<S> type) {
        this.steps = type.getEnumConstants();
        this.current = steps[0];
    }

    public S current() {
        return current;
    }

    public boolean isFirst() {
        return current.ordinal() == 0;
    }

    public boolean isLast() {
        return current.ordinal() == steps.length - 1;
    }

    /** Checks the current step with {@code validate}; moves on only if it found no errors, which are returned. */
    public <E> List<E> next(Function<S, List<E>> validate) {
        List<E> errors = validate.apply(current);
        if (errors.isEmpty() && !isLast()) {
            current = steps[current.ordinal() + 1];
        }
        return errors;
    }

    public void back() {
        if (!isFirst()) {
            current = steps[current.ordinal() - 1];
        }
    }

    public void goTo(S target) {
        current = target;
    }
}
