package org.xensv.hypervisor.embedded.console;

import java.util.function.Consumer;

/**
 * The guest's tty in canonical mode, as Linux's {@code n_tty}: it echoes what is typed as it reads it,
 * erases with backspace (DEL or BS) and Ctrl-U, abandons the line on Ctrl-C (echoed {@code ^C}), drops
 * the escape sequences a terminal sends for arrow and function keys, and hands the shell a line when
 * Enter ends it. So a terminal in the browser, which sends each keystroke as it is typed, shows the
 * line being typed; a client that sends whole lines sees the same transcript.
 */
public final class LineDiscipline {

    /** The longest line kept; further characters are dropped, as {@code n_tty} does past its 4095. */
    public static final int MAX_LINE = 1024;

    private static final char ESC = 0x1b;

    private final StringBuilder line = new StringBuilder();
    private Escape escape = Escape.NONE;
    private boolean lastWasCr;

    private enum Escape { NONE, STARTED, CSI, SS3 }

    /**
     * Reads {@code typed}, echoing on {@code console}, and hands each line it completes (without its
     * end) to {@code shell} at once, so the shell's answer follows its line as on a real terminal.
     */
    public void read(String typed, ConsoleRing console, Consumer<String> shell) {
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            boolean cr = c == '\r';
            if (skipEscape(c) || (c == '\n' && lastWasCr)) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = cr;
            switch (c) {
                case '\r', '\n' -> {
                    console.print("\n");
                    String done = line.toString();
                    line.setLength(0);
                    shell.accept(done);
                }
                case 0x7f, '\b' -> {
                    if (!line.isEmpty()) {
                        line.setLength(line.length() - 1);
                        console.print("\b \b");
                    }
                }
                case 0x15 -> { // Ctrl-U: kill the line
                    console.print("\b \b".repeat(line.length()));
                    line.setLength(0);
                }
                case 0x03 -> { // Ctrl-C: the shell gets an empty line, so it prompts again
                    console.print("^C\n");
                    line.setLength(0);
                    shell.accept("");
                }
                case ESC -> escape = Escape.STARTED;
                default -> {
                    if ((c == '\t' || !Character.isISOControl(c)) && line.length() < MAX_LINE) {
                        line.append(c);
                        console.print(String.valueOf(c));
                    }
                }
            }
        }
    }

    /** What was typed on the current line so far (not yet ended by Enter). */
    public String typed() {
        return line.toString();
    }

    /** True if {@code c} belongs to an escape sequence (ESC [ params final, ESC O x, ESC x), which is dropped. */
    private boolean skipEscape(char c) {
        switch (escape) {
            case NONE -> {
                return false;
            }
            case STARTED -> escape = c == '[' ? Escape.CSI : c == 'O' ? Escape.SS3 : Escape.NONE;
            case CSI -> {
                if (c >= 0x40 && c <= 0x7e) {
                    escape = Escape.NONE;
                }
            }
            case SS3 -> escape = Escape.NONE;
        }
        return true;
    }
}
