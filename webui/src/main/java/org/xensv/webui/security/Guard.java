package org.xensv.webui.security;

import java.util.Optional;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasEnabled;
import com.vaadin.flow.component.shared.HasTooltip;
import com.vaadin.flow.server.VaadinSession;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import org.xensv.toolstack.security.Grant;
import org.xensv.webui.Notifications;

/**
 * The views' side of the {@link Action} table: a control for a change the signed-in user's role does
 * not allow is disabled, with the reason as its tooltip, and an action handler refuses it again. The
 * grant is the request's user, or (on a push thread) the one the session signed in with; with neither,
 * nothing is allowed.
 */
public final class Guard {

    private Guard() {
    }

    /** Remembers the signed-in user in the Vaadin session, for code that runs outside a request. */
    public static Grant remember() {
        Grant grant = Access.current().orElseThrow(() -> new IllegalStateException("the console needs a signed-in user"));
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null) {
            session.setAttribute(Grant.class, grant);
        }
        return grant;
    }

    public static Optional<Grant> grant() {
        Optional<Grant> current = Access.current();
        if (current.isPresent()) {
            return current;
        }
        VaadinSession session = VaadinSession.getCurrent();
        return Optional.ofNullable(session == null ? null : session.getAttribute(Grant.class));
    }

    public static boolean allows(Action action) {
        return whyNot(action).isEmpty();
    }

    /** Why the user may not do this (the tooltip of a disabled control), or empty if they may. */
    public static Optional<String> whyNot(Action action) {
        return grant().map(g -> g.whyNot(action)).orElse(Optional.of("Sign in first."));
    }

    /** Disables the control with the reason as tooltip when the role does not allow the action; true if it does. */
    public static boolean apply(Component control, Action action) {
        Optional<String> refusal = whyNot(action);
        refusal.ifPresent(reason -> {
            if (control instanceof HasEnabled enabled) {
                enabled.setEnabled(false);
            }
            if (control instanceof HasTooltip tooltip) {
                tooltip.setTooltipText(reason);
            }
            control.getElement().setAttribute("data-refused", action.name());
        });
        return refusal.isEmpty();
    }

    /** For action handlers: true if allowed, else the reason is shown as an error and false returned. */
    public static boolean check(Action action) {
        Optional<String> refusal = whyNot(action);
        refusal.ifPresent(Notifications::error);
        return refusal.isEmpty();
    }
}
