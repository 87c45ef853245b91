package org.xensv.hypervisor.api;

/**
 * A virtual disk backed by an image file on the host. {@code path} null = an image in the host's
 * own directory; {@code iopsLimit} and {@code bytesPerSecondLimit} 0 = unlimited.
 */
public record DiskConfig(String path, long sizeMiB, long iopsLimit, long bytesPerSecondLimit) {

    public DiskConfig {
        if (sizeMiB < 1 || sizeMiB > 16L * 1024 * 1024) {
            throw new InvalidValueException("disk.sizeMiB", sizeMiB, "must be between 1 MiB and 16 TiB");
        }
        if (iopsLimit < 0) {
            throw new InvalidValueException("disk.iopsLimit", iopsLimit, "must not be negative (0 = unlimited)");
        }
        if (bytesPerSecondLimit < 0) {
            throw new InvalidValueException("disk.bytesPerSecondLimit", bytesPerSecondLimit, "must not be negative (0 = unlimited)");
        }
    }

    public static DiskConfig ofSize(long sizeMiB) {
        return new DiskConfig(null, sizeMiB, 0, 0);
    }

    public DiskConfig withLimits(long iops, long bytesPerSecond) {
        return new DiskConfig(path, sizeMiB, iops, bytesPerSecond);
    }
}
