package org.xensv.hypervisor.spi;

/**
 * What a guest printed on its serial console from one position on: positions count the characters
 * printed since the console began, so a reader that keeps {@link #end()} and asks again from there
 * gets each character once (a terminal in the browser follows a console this way). {@code start} is
 * later than the position asked for when what lay between fell out of the console's ring.
 */
public record ConsoleChunk(long start, long end, String text) {

    public ConsoleChunk {
        if (start < 0 || end < start || text == null) {
            throw new IllegalArgumentException("a console chunk runs from a position to a later one: " + start + ".." + end);
        }
    }
}
