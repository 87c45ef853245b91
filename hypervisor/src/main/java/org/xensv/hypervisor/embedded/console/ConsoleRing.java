package org.xensv.hypervisor.embedded.console;

import org.xensv.hypervisor.spi.ConsoleChunk;

/**
 * A domain's serial console: a ring buffer of the last {@link #CAPACITY} characters the guest
 * printed. It starts small and grows on demand, so an idle domain pays for what it printed only.
 * Its other direction, what the admin types for the guest to read, is its {@link #input()}.
 */
public final class ConsoleRing {

    public static final int CAPACITY = 64 * 1024;

    private final ConsoleInput input = new ConsoleInput();

    private char[] buffer = new char[256];
    private long written;

    /** Appends a line (a newline is added). */
    public synchronized void println(String line) {
        print(line);
        print("\n");
    }

    public synchronized void print(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (written == buffer.length && buffer.length < CAPACITY) {
                char[] bigger = new char[Math.min(CAPACITY, buffer.length * 2)];
                System.arraycopy(buffer, 0, bigger, 0, buffer.length);
                buffer = bigger;
            }
            buffer[(int) (written % buffer.length)] = text.charAt(i);
            written++;
        }
    }

    /** The newest {@code maxChars} characters (or fewer), oldest first. */
    public synchronized String read(int maxChars) {
        int n = (int) Math.min(Math.min(maxChars, written), buffer.length);
        StringBuilder out = new StringBuilder(n);
        for (long i = written - n; i < written; i++) {
            out.append(buffer[(int) (i % buffer.length)]);
        }
        return out.toString();
    }

    /**
     * What was printed from {@code position} on, at most {@code maxChars} characters, with the positions
     * it runs between. A position past what was printed (the console was cleared since) reads from
     * the oldest character kept, as does one that fell out of the ring.
     */
    public synchronized ConsoleChunk readFrom(long position, int maxChars) {
        long oldest = written - Math.min(written, buffer.length);
        long start = position > written ? oldest : Math.max(position, oldest);
        long end = Math.min(written, start + Math.max(0, maxChars));
        StringBuilder out = new StringBuilder((int) (end - start));
        for (long i = start; i < end; i++) {
            out.append(buffer[(int) (i % buffer.length)]);
        }
        return new ConsoleChunk(start, end, out.toString());
    }

    /** What was typed on this console and the guest has not read yet. */
    public ConsoleInput input() {
        return input;
    }

    /** Characters printed since boot (including those that fell out of the ring). */
    public synchronized long written() {
        return written;
    }

    public synchronized void clear() {
        buffer = new char[256];
        written = 0;
    }
}
