package org.xensv.webui;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.internal.CurrentInstance;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import com.vaadin.flow.server.communication.UidlWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.xensv.toolstack.security.Role;

/**
 * Draws the console's first view once, inside the process, as a browser's first visit would have it
 * drawn: a {@link MainView} made by Vaadin's instantiator in a UI of a session of its own, attached
 * (so it reads the inventory, the tree's first rows and the recent tasks) and written out as the
 * answer the browser would be sent, which is then dropped. The first visitor after a start otherwise
 * pays, in the time of the first page, for running all of that code for the first time: at 10,000
 * VMs the first view's answer took 1.0 s against 0.27 s for the next (docs/benchmarks/scale.md).
 *
 * <p>The view is drawn for a read-only user that exists only on this thread, in this process: it has
 * no password, no session any browser holds, and its role may change nothing, should anything in a
 * draw try to. Nothing is clicked; the view is detached (its live updates closed) when drawn.
 */
final class FirstViewRehearsal {

    /** The name the rehearsal's read-only user goes by (never a stored account: it signs in nowhere). */
    static final String USER = "xensv-first-view-rehearsal";

    private FirstViewRehearsal() {
    }

    /** The service of Vaadin's servlet among these registrations, once the servlet container has started it. */
    static Optional<VaadinService> service(ObjectProvider<ServletRegistrationBean<?>> servlets) {
        return servlets.orderedStream()
                .map(ServletRegistrationBean::getServlet)
                .filter(VaadinServlet.class::isInstance)
                .map(servlet -> (VaadinService) ((VaadinServlet) servlet).getService())
                .filter(Objects::nonNull)
                .findFirst();
    }

    /**
     * Draws the first view once on this thread and returns the answer a browser would have been sent
     * (JSON); leaves this thread's Vaadin and security state as it found it (empty).
     */
    static String draw(VaadinService service) {
        OwnSession own = new OwnSession();
        own.lock.lock(); // Vaadin takes over a session's state only under its lock
        try {
            VaadinSession session = new VaadinSession(service);
            session.refreshTransients(own, service);
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    USER, null, List.of(new SimpleGrantedAuthority(Role.READ_ONLY.authority()))));
            VaadinService.setCurrent(service);
            VaadinSession.setCurrent(session);
            UI ui = new UI();
            ui.getInternals().setSession(session);
            UI.setCurrent(ui);
            MainView view = service.getInstantiator().createRouteTarget(MainView.class, null);
            ui.add(view);
            String answer = new UidlWriter().createUidl(ui, false).toString();
            ui.remove(view);
            return answer;
        } finally {
            // the lock let go without running what was queued for the session meanwhile (live updates):
            // nothing will draw for it again
            own.lock.unlock();
            CurrentInstance.clearAll();
            SecurityContextHolder.clearContext();
        }
    }

    /**
     * The HTTP session side of the rehearsal's Vaadin session, which no HTTP session backs: its
     * attributes in a map, and the lock Vaadin keeps there (under its service's name and ".lock").
     */
    private static final class OwnSession implements WrappedSession {

        private final ReentrantLock lock = new ReentrantLock();
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private final long created = System.currentTimeMillis();

        @Override
        public Object getAttribute(String name) {
            return name.endsWith(".lock") ? lock : attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return Set.copyOf(attributes.keySet());
        }

        @Override
        public int getMaxInactiveInterval() {
            return 60;
        }

        @Override
        public void setMaxInactiveInterval(int seconds) {
        }

        @Override
        public void invalidate() {
            attributes.clear();
        }

        @Override
        public String getId() {
            return USER;
        }

        @Override
        public long getCreationTime() {
            return created;
        }

        @Override
        public long getLastAccessedTime() {
            return created;
        }

        @Override
        public boolean isNew() {
            return true;
        }
    }
}
