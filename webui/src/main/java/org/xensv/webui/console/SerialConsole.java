package org.xensv.webui.console;

import java.util.UUID;

import com.vaadin.flow.component.html.Pre;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.console.ConsoleService;
import org.xensv.webui.chart.SelfRefreshing;

/** The guest's serial output in a terminal-like box, refreshed every second and kept scrolled to the end. */
final class SerialConsole extends SelfRefreshing {

    private final ConsoleService console;
    private final UUID vmId;
    private final Pre screen = new Pre();
    private String last = "";

    SerialConsole(ConsoleService console, UUID vmId) {
        super(1000);
        this.console = console;
        this.vmId = vmId;
        screen.setId("serial-console");
        screen.addClassName("xensv-console");
        add(screen);
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
