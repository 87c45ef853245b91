package org.xensv.hypervisor.libvirt;

import org.xensv.hypervisor.spi.ConsoleChunk;

/** The last {@link #CAPACITY} characters a guest printed on its serial console, oldest first. */
final class ConsoleText {

    static final int CAPACITY = 64 * 1024;

    private final StringBuilder text = new StringBuilder();
    /** Characters appended since this console began, including those that fell out. */
    private long written;

    synchronized void append(CharSequence printed) {
        text.append(printed);
        written += printed.length();
        if (text.length() > CAPACITY) {
            text.delete(0, text.length() - CAPACITY);
        }
    }

    /** The newest {@code maxChars} characters (or fewer). */
    synchronized String read(int maxChars) {
        return text.substring(Math.max(0, text.length() - maxChars));
    }

    /** What was appended from {@code position} on (from the oldest kept if that fell out), at most {@code maxChars}. */
    synchronized ConsoleChunk readFrom(long position, int maxChars) {
        long oldest = written - text.length();
        long start = position > written ? oldest : Math.max(position, oldest);
        long end = Math.min(written, start + Math.max(0, maxChars));
        return new ConsoleChunk(start, end, text.substring((int) (start - oldest), (int) (end - oldest)));
    }
}
