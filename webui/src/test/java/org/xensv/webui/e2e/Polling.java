package org.xensv.webui.e2e;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for the console to reach a state a test set off (through its API, say) before the browser checks the rest. */
final class Polling {

    private Polling() {
    }

    /** Polls until the condition holds (a minute's safety net: the assertion is the condition, not the time). */
    static void until(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within the safety net");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
