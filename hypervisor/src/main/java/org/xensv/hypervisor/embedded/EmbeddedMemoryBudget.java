package org.xensv.hypervisor.embedded;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.memory.HugePages;
import org.xensv.hypervisor.memory.KeptRam;

/**
 * The memory this process can give to its embedded hosts, and what each host has claimed of it.
 *
 * <p>By default the budget is the machine's physical memory (as the JVM sees it, so a container's
 * limit counts) less a reserve for the console itself: its maximum heap plus a fixed overhead of
 * {@value #OVERHEAD_PERCENT}% of the machine, at least {@value #MIN_OVERHEAD_MIB} MiB, for what lives
 * outside the heap (metaspace, code cache, thread stacks, direct buffers) and for the operating
 * system. A host claims its whole size when it is created and gives it back when it is removed, so
 * the hosts' memory together never exceeds what the machine has; admission control inside each host
 * then keeps its domains within the host. The budget can be lowered with the system property
 * {@value #TOTAL_PROPERTY}, never raised above that default.
 *
 * <p>The process budget also bounds the {@link KeptRam kept pool} of guest RAM freed by destroyed or
 * migrated-away domains and kept resident for the next: kept bytes plus the RAM of every guest stay
 * within the budget's total, so the pool is part of the hosts' free memory, never memory beyond it,
 * and it holds at most {@value KeptRam#KEEP_PROPERTY} MiB (default
 * {@link KeptRam#defaultKeepMiB(long) 15% of the budget, at most 2 GiB}). Claims are not changed by it.
 */
public final class EmbeddedMemoryBudget {

    /** System property (MiB) that lowers the process budget. */
    public static final String TOTAL_PROPERTY = "xensv.embedded.budget-mib";
    /** The overhead beyond the heap is this share of the machine's memory... */
    public static final int OVERHEAD_PERCENT = 10;
    /** ...and at least this much. */
    public static final long MIN_OVERHEAD_MIB = 1024;
    /** A host whose URI names no size gets the budget split across this many hosts (the console's default pool). */
    public static final int DEFAULT_HOSTS = 3;

    /** What the machine has and what the console keeps for itself. */
    public record Machine(long physicalMiB, long maxHeapMiB) {

        public static Machine current() {
            long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize();
            return new Machine(physical >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }

        public long overheadMiB() {
            return Math.max(MIN_OVERHEAD_MIB, physicalMiB * OVERHEAD_PERCENT / 100);
        }

        /** Physical memory less the heap and the overhead: the most the embedded hosts can have together. */
        public long availableMiB() {
            return Math.max(0, physicalMiB - maxHeapMiB - overheadMiB());
        }

        /** "24105 MiB of physical memory less 6027 MiB of heap and 2410 MiB of overhead". */
        public String describe() {
            return physicalMiB + " MiB of physical memory less " + maxHeapMiB + " MiB of heap and " + overheadMiB()
                    + " MiB of overhead";
        }
    }

    private static final class Process {
        static final EmbeddedMemoryBudget BUDGET = fromSystemProperties(Machine.current()).boundingKeptRam();
    }

    private final Machine machine;
    private final Map<String, Long> claims = new LinkedHashMap<>();
    private long totalMiB;
    /** True for the process budget, which bounds the kept pool of guest RAM. */
    private boolean boundsKeptRam;

    /** A budget of everything the machine can give. */
    public EmbeddedMemoryBudget(Machine machine) {
        this.machine = machine;
        this.totalMiB = machine.availableMiB();
    }

    /** The budget of this process, shared by every embedded host in it. */
    public static EmbeddedMemoryBudget process() {
        return Process.BUDGET;
    }

    static EmbeddedMemoryBudget fromSystemProperties(Machine machine) {
        EmbeddedMemoryBudget budget = new EmbeddedMemoryBudget(machine);
        String limit = System.getProperty(TOTAL_PROPERTY);
        if (limit != null && !limit.isBlank()) {
            try {
                budget.limitTo(Long.parseLong(limit.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidValueException(TOTAL_PROPERTY, limit, "must be a whole number of MiB");
            }
        }
        return budget;
    }

    /** This budget bounds the process's {@link KeptRam kept pool} from now on (the process budget does). */
    synchronized EmbeddedMemoryBudget boundingKeptRam() {
        boundsKeptRam = true;
        applyToKeptRam();
        if (!"false".equalsIgnoreCase(System.getProperty(KeptRam.PREFILL_PROPERTY, "true").strip())) {
            KeptRam.prefill();
        }
        return this;
    }

    /** The cap of the kept pool: {@value KeptRam#KEEP_PROPERTY} if set, else the default for this budget. */
    public synchronized long keptRamCapMiB() {
        String keep = System.getProperty(KeptRam.KEEP_PROPERTY);
        if (keep == null || keep.isBlank()) {
            return KeptRam.defaultKeepMiB(totalMiB);
        }
        try {
            long mib = Long.parseLong(keep.strip());
            if (mib < 0) {
                throw new InvalidValueException(KeptRam.KEEP_PROPERTY, keep, "must not be negative");
            }
            return Math.min(mib, totalMiB);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(KeptRam.KEEP_PROPERTY, keep, "must be a whole number of MiB");
        }
    }

    private void applyToKeptRam() {
        if (boundsKeptRam) {
            KeptRam.configure(keptRamCapMiB() << 20, totalMiB << 20);
        }
    }

    public Machine machine() {
        return machine;
    }

    public synchronized long totalMiB() {
        return totalMiB;
    }

    public synchronized long claimedMiB() {
        return claims.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized long freeMiB() {
        return totalMiB - claimedMiB();
    }

    /** What the named host holds of the budget (0 if it holds nothing). */
    public synchronized long claimedBy(String host) {
        return claims.getOrDefault(host, 0L);
    }

    /** The size of each host when the whole budget is split evenly across {@code hosts} hosts. */
    public synchronized long shareMiB(int hosts) {
        if (hosts < 1) {
            throw new InvalidValueException("hosts", hosts, "must be at least 1");
        }
        return totalMiB / hosts;
    }

    /**
     * Lowers (or restores) the budget to {@code totalMiB}: refused above what the machine can give
     * and below what hosts already hold.
     */
    public synchronized void limitTo(long totalMiB) {
        if (totalMiB > machine.availableMiB()) {
            throw new InvalidValueException(TOTAL_PROPERTY, totalMiB, "is more than this machine can give embedded hosts: "
                    + machine.availableMiB() + " MiB (" + machine.describe() + ")");
        }
        long claimed = claimedMiB();
        if (totalMiB < claimed) {
            throw new InvalidValueException(TOTAL_PROPERTY, totalMiB, "is less than the " + claimed
                    + " MiB the embedded hosts already hold");
        }
        this.totalMiB = totalMiB;
        applyToKeptRam();
    }

    /** Refuses, naming the host, what it asks and what is free, a claim the budget cannot grant. */
    public synchronized void checkClaim(String host, long memoryMiB) {
        if (claims.containsKey(host)) {
            throw new InvalidValueException("name", host, "already holds " + claims.get(host) + " MiB as an embedded host");
        }
        long free = freeMiB();
        if (memoryMiB > free) {
            throw new InvalidValueException("memoryMiB", memoryMiB, "of host '" + host + "' is more than this process can give:"
                    + " " + free + " MiB of its " + totalMiB + " MiB budget for embedded hosts are free (" + describeTotal() + ")");
        }
    }

    /** Takes {@code memoryMiB} for the named host, or refuses as {@link #checkClaim} does. */
    public synchronized void claim(String host, long memoryMiB) {
        checkClaim(host, memoryMiB);
        claims.put(host, memoryMiB);
    }

    /** Gives back what the named host held. */
    public synchronized void release(String host) {
        claims.remove(host);
    }

    private String describeTotal() {
        return totalMiB == machine.availableMiB() ? machine.describe()
                : "lowered by " + TOTAL_PROPERTY + " from " + machine.availableMiB() + " MiB, " + machine.describe();
    }

    @Override
    public synchronized String toString() {
        return totalMiB + " MiB (" + describeTotal() + "), " + claimedMiB() + " MiB held by " + claims.size() + " host(s)"
                + (boundsKeptRam ? ", freed guest RAM kept resident up to " + keptRamCapMiB() + " MiB" : "")
                + (boundsKeptRam && KeptRam.available() ? ", " + HugePages.describe() : "");
    }
}
