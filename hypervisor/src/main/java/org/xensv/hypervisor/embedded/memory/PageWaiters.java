package org.xensv.hypervisor.embedded.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Who waits for which absent page (post-copy); a rare path, so one lock is enough. */
final class PageWaiters {

    private final Map<Long, List<Runnable>> waiters = new HashMap<>();

    /** Registers {@code wake} while {@code absent} holds (checked under the lock), else runs it now. */
    void register(long pfn, Runnable wake, BooleanSupplier absent) {
        synchronized (waiters) {
            if (absent.getAsBoolean()) {
                waiters.computeIfAbsent(pfn, k -> new ArrayList<>(1)).add(wake);
                return;
            }
        }
        wake.run();
    }

    void wake(long pfn) {
        List<Runnable> list;
        synchronized (waiters) {
            list = waiters.remove(pfn);
        }
        if (list != null) {
            list.forEach(Runnable::run);
        }
    }
}
