package org.xensv.hypervisor.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xensv.hypervisor.api.InvalidValueException;

/**
 * The embedded hosts living in this JVM, by name. A host is created on first connection with the
 * size its URI asks for, claimed from the {@link EmbeddedMemoryBudget#process() process budget},
 * and lives until {@link #remove(String)} gives its memory back.
 */
public final class EmbeddedRuntime {

    private static final Map<String, EmbeddedHost> HOSTS = new ConcurrentHashMap<>();
    private static volatile Path directory = Path.of(System.getProperty("xensv.embedded.dir",
            Path.of(System.getProperty("java.io.tmpdir"), "xensv-embedded").toString()));

    private EmbeddedRuntime() {
    }

    /**
     * Where hosts keep their files, one folder per host: disk images and suspend images (which must
     * outlive the process for its VMs to outlive a restart). {@code -Dxensv.embedded.dir}, else
     * {@code java.io.tmpdir/xensv-embedded}, unless the application sets it.
     */
    public static Path directory() {
        return directory;
    }

    /** Sets where hosts created from now on keep their files (a console puts them under its data directory). */
    public static void useDirectory(Path dir) {
        directory = dir.toAbsolutePath().normalize();
    }

    /**
     * The named host, created with {@code pcpus} and {@code memoryMiB} if it does not exist yet; a
     * size the host rules or the process budget cannot grant is refused with the reason.
     */
    public static EmbeddedHost host(String name, int pcpus, long memoryMiB) {
        return HOSTS.computeIfAbsent(name, n -> {
            EmbeddedHost.checkSize(pcpus, memoryMiB);
            EmbeddedMemoryBudget budget = EmbeddedMemoryBudget.process();
            budget.claim(n, memoryMiB);
            try {
                return new EmbeddedHost(n, pcpus, memoryMiB);
            } catch (RuntimeException e) {
                budget.release(n);
                throw e;
            }
        });
    }

    /** The most memory a {@link #scratch} host may have. */
    public static final long SCRATCH_MAX_MIB = 256;

    /**
     * A host outside the registry and the process budget, for the process's own use: nobody can
     * connect to it, and its memory ({@link #SCRATCH_MAX_MIB} at most) comes out of the reserve the
     * budget leaves the console (see {@link EmbeddedMemoryBudget}). The migration warm-up moves a
     * small guest between two of them. {@link #discard} ends it.
     */
    public static EmbeddedHost scratch(String name, int pcpus, long memoryMiB) {
        if (memoryMiB > SCRATCH_MAX_MIB) {
            throw new InvalidValueException("memoryMiB", memoryMiB, "a scratch host has at most " + SCRATCH_MAX_MIB + " MiB");
        }
        return new EmbeddedHost(name, pcpus, memoryMiB);
    }

    /** Powers off every domain of a host (a {@link #scratch} one, or one {@link #remove} has forgotten) and stops its pCPUs. */
    public static void discard(EmbeddedHost scratch) {
        org.xensv.hypervisor.embedded.migration.EmbeddedMigration.closeEndpoint(scratch);
        scratch.shutdownAll();
    }

    public static EmbeddedHost existing(String name) {
        return HOSTS.get(name);
    }

    /** Powers off every domain of the host, forgets it and gives its memory back to the budget. */
    public static void remove(String name) {
        EmbeddedHost host = HOSTS.remove(name);
        if (host != null) {
            discard(host);
            EmbeddedMemoryBudget.process().release(name);
        }
    }
}
