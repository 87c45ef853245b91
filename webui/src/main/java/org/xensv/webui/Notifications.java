package org.xensv.webui;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.error.Errors;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/**
 * The one place where the console turns errors into what a person sees: the toolstack's sentence,
 * verbatim, never a stack trace.
 */
public final class Notifications {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    private Notifications() {
    }

    public static void error(RuntimeException e) {
        HypervisorException known = Errors.known(e);
        if (known != null) {
            error(known.getMessage());
        } else {
            log.error("unexpected error in the console", e);
            error("Something went wrong on the server; the details are in the server log.");
        }
    }

    public static void error(String message) {
        Notification n = Notification.show(message, 8000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.setId("error-notification");
        n.getElement().setAttribute("aria-live", "assertive");
    }

    public static void info(String message) {
        Notification n = Notification.show(message, 3000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(NotificationVariant.LUMO_CONTRAST);
    }
}
