package org.xensv.hypervisor.migration;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * The JVM's garbage-collection pause time so far, from the platform's collector beans: every
 * stop-the-world collection (G1's young, mixed and full collections, and its Remark and Cleanup
 * pauses, which the "G1 Concurrent GC" bean counts), but not the concurrent cycles of ZGC or
 * Shenandoah (their "... Cycles" beans), which do not stop the application.
 */
final class GcPauses {

    private static final List<GarbageCollectorMXBean> PAUSING = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(bean -> !bean.getName().endsWith("Cycles")).toList();

    private GcPauses() {
    }

    /** Milliseconds of pauses since the JVM started (the beans' resolution). */
    static long totalMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean bean : PAUSING) {
            sum += Math.max(0, bean.getCollectionTime());
        }
        return sum;
    }

    static Duration since(long startMillis) {
        return Duration.ofMillis(Math.max(0, totalMillis() - startMillis));
    }
}
