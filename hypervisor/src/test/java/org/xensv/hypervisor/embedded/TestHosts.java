package org.xensv.hypervisor.embedded;

import java.net.URI;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.spi.HostConnection;

/** Fresh embedded hosts for tests, and waiting on conditions (never on wall-clock thresholds). */
public final class TestHosts {

    private TestHosts() {
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static HostConnection connect(String name, int pcpus, long memoryMiB) {
        return new EmbeddedDriver().connect(URI.create("embedded://" + name + "?pcpus=" + pcpus + "&memoryMiB=" + memoryMiB));
    }

    public static DomainConfig small(String name, WorkloadKind kind, long memoryMiB, long fillMiB) {
        WorkloadSpec d = WorkloadSpec.defaults(kind);
        return DomainConfig.of(name, 1, memoryMiB)
                .withWorkload(new WorkloadSpec(kind, fillMiB, Math.min(d.workingSetMiB(), fillMiB), d.pagesPerSecond(), 42));
    }

    /** Waits until the condition holds; fails after a generous minute so a bug cannot hang the build. */
    public static void await(String what, BooleanSupplier condition) {
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
