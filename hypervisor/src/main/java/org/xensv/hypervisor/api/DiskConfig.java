package org.xensv.hypervisor.api;

/**
 * A virtual disk backed by an image file on the host. {@code path} null = an image the host makes in
 * its own directory; a relative path = an image in the host's own directory at that path (host-local
 * storage: a migration copies it to the same path on the destination); an absolute path = an image on
 * storage every host reaches (a migration does not copy it). {@code iopsLimit} and
 * {@code bytesPerSecondLimit} 0 = unlimited. A {@code readOnly} disk (a CD, an ISO) refuses guest
 * writes and is never grown to its size.
 */
public record DiskConfig(String path, long sizeMiB, long iopsLimit, long bytesPerSecondLimit, boolean readOnly) {

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

    /** A read-write disk. */
    public DiskConfig(String path, long sizeMiB, long iopsLimit, long bytesPerSecondLimit) {
        this(path, sizeMiB, iopsLimit, bytesPerSecondLimit, false);
    }

    /** True if the image lives in the host's own directory (path null or relative): a migration carries it. */
    public boolean hostLocal() {
        return path == null || !java.nio.file.Path.of(path).isAbsolute();
    }

    public static DiskConfig ofSize(long sizeMiB) {
        return new DiskConfig(null, sizeMiB, 0, 0);
    }

    public DiskConfig withLimits(long iops, long bytesPerSecond) {
        return new DiskConfig(path, sizeMiB, iops, bytesPerSecond, readOnly);
    }
}
