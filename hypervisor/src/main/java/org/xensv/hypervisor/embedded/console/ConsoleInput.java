package org.xensv.hypervisor.embedded.console;

/**
 * What the admin typed on a domain's serial console and the guest has not read yet: a bounded
 * first-in first-out line buffer, as a UART's receive buffer and the tty's line discipline. The
 * guest takes one complete line at a time; a paused or busy guest lets input wait here.
 */
public final class ConsoleInput {

    /** Characters that may wait for the guest. */
    public static final int CAPACITY = 4096;

    private final StringBuilder pending = new StringBuilder();

    /** Appends {@code text} unless it would not fit; false (and nothing appended) then. */
    public synchronized boolean offer(String text) {
        if (pending.length() + text.length() > CAPACITY) {
            return false;
        }
        pending.append(text);
        return true;
    }

    /** The next complete line (without its end: {@code \n}, {@code \r} or {@code \r\n}), or null if none is complete. */
    public synchronized String takeLine() {
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            if (c == '\n' || c == '\r') {
                String line = pending.substring(0, i);
                int end = c == '\r' && i + 1 < pending.length() && pending.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                pending.delete(0, end);
                return line;
            }
        }
        return null;
    }

    /** Characters waiting for the guest. */
    public synchronized int pending() {
        return pending.length();
    }

    public synchronized void clear() {
        pending.setLength(0);
    }
}
