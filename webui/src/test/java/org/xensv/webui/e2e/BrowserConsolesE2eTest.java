package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The consoles in the browser: the serial terminal (xterm.js over the console's WebSocket) of an
 * embedded VM answers what is typed in it, and the display tab of an embedded VM says that the
 * runtime has no display ({@link QemuDisplayE2eTest}: a real QEMU guest's screen). Same application context as {@link ConsoleE2eTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=e2e${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=2",
        "xensv.embedded.pcpus=4",
        "xensv.embedded.memory-mib=2048",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class BrowserConsolesE2eTest extends ConsoleInBrowser {

    @BeforeEach
    void signIn() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
    }

    @Test
    void theTerminalShowsTheGuestsAnswerToWhatIsTypedInIt() {
        api.createVm("xterm-guest", true);
        assertThat(page.locator("[data-vm='xterm-guest']:visible .state")).hasText("running");
        page.locator("[data-vm='xterm-guest']:visible").click();
        page.locator("#tab-console").click();
        page.locator("#console-terminal").click();

        assertThat(page.frameLocator("#console-terminal-frame").locator("#status")).containsText("Serial console");
        Frame terminal = page.frames().stream().filter(f -> f.url().contains("consoles/serial.html")).findFirst().orElseThrow();
        awaitScreen(terminal, "root@xterm-guest:~# ");
        terminal.locator(".xterm").click();
        page.keyboard().type("uname -a");
        awaitScreen(terminal, "root@xterm-guest:~# uname -a"); // the guest's tty echoes each key as it reads it
        page.keyboard().press("Enter");
        String screen = awaitScreen(terminal, "Linux xterm-guest 1.0-xensv-embedded #1 SMP x86_64 GNU/Linux");
        assertThat(screen).contains("root@xterm-guest:~# uname -a\nLinux xterm-guest");

        page.locator("#console-text").click();
        assertThat(page.locator("#serial-console")).containsText("uname -a\nLinux xterm-guest 1.0-xensv-embedded");
    }

    @Test
    void theDisplayOfAnEmbeddedVmSaysTheRuntimeHasNone() {
        api.createVm("no-screen", true);
        assertThat(page.locator("[data-vm='no-screen']:visible .state")).hasText("running");
        page.locator("[data-vm='no-screen']:visible").click();
        page.locator("#tab-console").click();
        page.locator("#console-display").click();
        assertThat(page.frameLocator("#console-display-frame").locator("#status"))
                .containsText("graphical console");
        assertThat(page.frameLocator("#console-display-frame").locator("#status")).containsText("embedded");
    }

    /** Waits until the terminal's buffer (its lines, right-trimmed) holds {@code expected}; returns it. */
    private static String awaitScreen(Frame terminal, String expected) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = (String) terminal.evaluate("""
                    () => { const b = window.xensvTerminal.buffer.active; const lines = [];
                            for (let i = 0; i < b.length; i++) lines.push(b.getLine(i).translateToString(true));
                            return lines.join('\\n'); }""");
            if (screen.contains(expected)) {
                return screen;
            }
            terminal.page().waitForTimeout(200);
        }
        throw new AssertionError("the terminal never showed '" + expected + "'; it shows:\n" + screen);
    }
}
