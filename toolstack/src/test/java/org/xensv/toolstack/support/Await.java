package org.xensv.toolstack.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for asynchronous work (tasks) to reach a state. The bound is a safety net against a hung
 * test, not a performance assertion: it is generous on purpose.
 */
public final class Await {

    private static final Duration SAFETY_NET = Duration.ofSeconds(60);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, SAFETY_NET, condition);
    }

    /** The same with a safety net of its own, for what waits on slow machinery (a host declared lost, say). */
    public static void until(String what, Duration safetyNet, BooleanSupplier condition) {
        long deadline = System.nanoTime() + safetyNet.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    public static <T> T value(String what, Supplier<T> supplier, java.util.function.Predicate<T> accept) {
        Object[] last = new Object[1];
        until(what, () -> {
            T v = supplier.get();
            last[0] = v;
            return accept.test(v);
        });
        @SuppressWarnings("unchecked")
        T result = (T) last[0];
        return result;
    }
}
