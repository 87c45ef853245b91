package org.xensv.hypervisor.embedded.console;

/**
 * What the admin typed on a domain's serial console and the guest has not read yet: a bounded
 * first-in first-out buffer, as a UART's receive FIFO. The guest's tty ({@link LineDiscipline})
 * reads it; a paused or busy guest lets input wait here.
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

    /** Everything waiting (possibly nothing), for the guest's tty to read character by character. */
    public synchronized String takeAll() {
        String all = pending.toString();
        pending.setLength(0);
        return all;
    }

    /** Characters waiting for the guest. */
    public synchronized int pending() {
        return pending.length();
    }

    public synchronized void clear() {
        pending.setLength(0);
    }
}
