package org.xensv.hypervisor.api;

/** An amount of memory in MiB: at least 1, at most 16 TiB. */
public record MemoryMiB(long value) {

    public static final long MAX = 16L * 1024 * 1024;

    public MemoryMiB {
        if (value < 1 || value > MAX) {
            throw new InvalidValueException("memoryMiB", value, "must be between 1 and " + MAX + " MiB");
        }
    }

    public static MemoryMiB of(long value) {
        return new MemoryMiB(value);
    }

    public long bytes() {
        return value * 1024 * 1024;
    }

    /** Number of 4 KiB guest pages. */
    public long pages() {
        return value * 256;
    }

    @Override
    public String toString() {
        return value + " MiB";
    }
}
