package org.xensv.agent;

import java.util.function.BooleanSupplier;

/** Waits on a condition, never on a wall-clock threshold; gives up after a generous minute so a bug cannot hang the build. */
final class TestHostsWait {

    private TestHostsWait() {
    }

    static void until(String what, BooleanSupplier condition) {
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
