package org.xensv.webui;

import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.error.Errors;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;

/**
 * Whatever escapes a view (a refused call not caught where it was made, a lost database) reaches
 * the user as one notification with the toolstack's sentence, never as a stack trace.
 */
@Component
class ConsoleErrorHandler implements VaadinServiceInitListener {

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(error -> {
            RuntimeException shown = hypervisorCause(error.getThrowable());
            if (UI.getCurrent() != null) {
                Notifications.error(shown);
            }
        }));
    }

    /** The error the toolstack names in the cause chain (a stale save among them), or the throwable itself as unexpected. */
    private static RuntimeException hypervisorCause(Throwable throwable) {
        HypervisorException known = Errors.known(throwable);
        if (known != null) {
            return known;
        }
        return throwable instanceof RuntimeException r ? r : new IllegalStateException(throwable);
    }
}
