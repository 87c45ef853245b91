package org.xensv.hypervisor.libvirt;

/** The last {@link #CAPACITY} characters a guest printed on its serial console, oldest first. */
final class ConsoleText {

    static final int CAPACITY = 64 * 1024;

    private final StringBuilder text = new StringBuilder();

    synchronized void append(CharSequence printed) {
        text.append(printed);
        if (text.length() > CAPACITY) {
            text.delete(0, text.length() - CAPACITY);
        }
    }

    /** The newest {@code maxChars} characters (or fewer). */
    synchronized String read(int maxChars) {
        return text.substring(Math.max(0, text.length() - maxChars));
    }
}
