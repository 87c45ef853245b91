package org.xensv.webui.console;

import java.util.UUID;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.IFrame;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/**
 * One of a VM's consoles as the console's own static page ({@code consoles/serial.html}: xterm.js;
 * {@code consoles/vnc.html}: noVNC) in a frame, with a link that opens it in a tab of its own. The
 * pages talk to the VM over the console's WebSockets, which check the signed-in user themselves.
 */
final class BrowserConsole extends VerticalLayout {

    enum Page {
        TERMINAL("consoles/serial.html", "console-terminal-frame", "Serial terminal"),
        DISPLAY("consoles/vnc.html", "console-display-frame", "Display (VNC)");

        final String path;
        final String id;
        final String title;

        Page(String path, String id, String title) {
            this.path = path;
            this.id = id;
            this.title = title;
        }

        String url(UUID vm) {
            return path + "?vm=" + vm;
        }
    }

    BrowserConsole(Page page, UUID vm) {
        setPadding(false);
        setWidthFull();
        IFrame frame = new IFrame(page.url(vm));
        frame.setId(page.id);
        frame.setTitle(page.title);
        frame.setWidthFull();
        frame.setHeight("600px");
        frame.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)");
        Anchor open = new Anchor(page.url(vm), "Open in a new tab");
        open.setTarget(AnchorTarget.BLANK);
        open.setId(page.id + "-open");
        add(frame, open);
    }
}
