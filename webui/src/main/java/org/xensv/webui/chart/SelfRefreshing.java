package org.xensv.webui.chart;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;

/**
 * A panel that redraws itself every period while it is attached, by server push: live charts and
 * the console keep moving without the user doing anything, and stop when the tab is closed.
 */
public abstract class SelfRefreshing extends Div {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xensv-ui-refresh");
        t.setDaemon(true);
        return t;
    });

    private final long periodMillis;
    private ScheduledFuture<?> ticking;

    protected SelfRefreshing(long periodMillis) {
        this.periodMillis = periodMillis;
    }

    /** Draws the current state; runs with the UI locked. */
    protected abstract void redraw();

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        redraw();
        UI ui = event.getUI();
        ticking = TIMER.scheduleWithFixedDelay(() -> ui.access(this::redraw), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        super.onDetach(event);
    }
}
