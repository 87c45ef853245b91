package org.xensv.webui.console;

import java.util.UUID;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.console.ConsoleService;
import org.xensv.toolstack.security.Action;
import org.xensv.webui.security.Guard;
import org.xensv.webui.Notifications;
import org.xensv.webui.chart.SelfRefreshing;

/**
 * The guest's serial console in a terminal-like box, refreshed every second and kept scrolled to
 * the end, with a line to type on: Enter (or Send) sends the line and a newline, the guest reads
 * it and its shell answers on the screen. What the host refuses (a halted VM, a driver without
 * console input, too much waiting) shows as the host's sentence, and the typed line stays.
 */
final class SerialConsole extends SelfRefreshing {

    private final ConsoleService console;
    private final UUID vmId;
    private final Pre screen = new Pre();
    private final TextField line = new TextField();
    private String last = "";

    SerialConsole(ConsoleService console, UUID vmId) {
        super(1000);
        this.console = console;
        this.vmId = vmId;
        screen.setId("serial-console");
        screen.addClassName("xensv-console");
        line.setId("serial-input");
        line.setPlaceholder("Type a command for the guest (help), then Enter");
        line.setMaxLength(1000);
        line.setWidthFull();
        line.addClassName("xensv-console-input");
        line.addKeyPressListener(Key.ENTER, e -> send());
        Button sendButton = new Button("Send", e -> send());
        sendButton.setId("serial-send");
        Guard.apply(line, Action.VM_CONSOLE); // a read-only user watches the console and is told why they cannot type
        Guard.apply(sendButton, Action.VM_CONSOLE);
        HorizontalLayout typing = new HorizontalLayout(line, sendButton);
        typing.setWidthFull();
        typing.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        add(screen, typing);
    }

    private void send() {
        if (!Guard.check(Action.VM_CONSOLE)) {
            return;
        }
        try {
            console.write(vmId, line.getValue() + "\n");
            line.clear();
            redraw();
        } catch (HypervisorException e) {
            Notifications.error(e);
        }
        line.focus();
    }

    @Override
    protected void redraw() {
        String text;
        try {
            text = console.read(vmId, ConsoleService.DEFAULT_CHARS);
        } catch (HypervisorException e) {
            text = "[" + e.getMessage() + "]";
        }
        if (text.isEmpty()) {
            text = "[no output yet: the console shows what the guest prints once it runs]";
        }
        if (!text.equals(last)) {
            last = text;
            screen.setText(text);
            screen.getElement().executeJs("this.scrollTop = this.scrollHeight");
        }
    }
}
