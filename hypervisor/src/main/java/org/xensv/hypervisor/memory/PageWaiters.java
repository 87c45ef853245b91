package org.xensv.hypervisor.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Who waits for which absent page (post-copy); a rare path, so one lock is enough. Waking when
 * nobody waits costs one volatile read, so every page install can afford to call {@link #wake}.
 *
 * <p>No wake-up is lost: a registration counts itself in {@code waiting} before it looks at the
 * page, and an installer makes the page present (a volatile write) before it looks at
 * {@code waiting}. Either the installer sees the count and takes the lock (and finds the waiter),
 * or the registration sees the page present and runs at once.
 */
final class PageWaiters {

    private final Map<Long, List<Runnable>> waiters = new HashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /** Registers {@code wake} while {@code absent} holds (checked under the lock), else runs it now. */
    void register(long pfn, Runnable wake, BooleanSupplier absent) {
        synchronized (waiters) {
            waiting.incrementAndGet();
            if (absent.getAsBoolean()) {
                waiters.computeIfAbsent(pfn, k -> new ArrayList<>(1)).add(wake);
                return;
            }
            waiting.decrementAndGet();
        }
        wake.run();
    }

    /** Wakes whoever waits for {@code pfn}; call after the page became present. */
    void wake(long pfn) {
        if (waiting.get() == 0) {
            return;
        }
        List<Runnable> list;
        synchronized (waiters) {
            list = waiters.remove(pfn);
            if (list != null) {
                waiting.addAndGet(-list.size());
            }
        }
        if (list != null) {
            list.forEach(Runnable::run);
        }
    }
}
