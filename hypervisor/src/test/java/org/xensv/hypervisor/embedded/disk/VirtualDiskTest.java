package org.xensv.hypervisor.embedded.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xensv.hypervisor.api.DiskConfig;

class VirtualDiskTest {

    @TempDir
    Path dir;

    @Test
    void writesReadBackFromTheImageFile() {
        try (var disk = new VirtualDisk(dir.resolve("a.img"), DiskConfig.ofSize(4))) {
            byte[] block = new byte[4096];
            block[7] = 42;
            assertThat(disk.write(8192, block, 0)).isTrue();
            byte[] back = new byte[4096];
            assertThat(disk.read(8192, back, 0)).isTrue();
            assertThat(back[7]).isEqualTo((byte) 42);
            assertThat(disk.ops()).isEqualTo(2);
            assertThat(dir.resolve("a.img").toFile().length()).isEqualTo(4L << 20);
        }
    }

    @Test
    void theIopsLimitHoldsRequestsUntilTheNextRefill() {
        try (var disk = new VirtualDisk(dir.resolve("b.img"), DiskConfig.ofSize(4).withLimits(1000, 0))) {
            byte[] block = new byte[512];
            int done = 0;
            for (int i = 0; i < 100; i++) {
                if (disk.write(0, block, 0)) {
                    done++;
                }
            }
            assertThat(done).isEqualTo(10); // 1000 IOPS = 10 per 10 ms interval
            long next = disk.availableAt(512, 0);
            assertThat(next).isEqualTo(10_000_000L);
            assertThat(disk.write(0, block, next)).isTrue();
        }
    }

    @Test
    void theBandwidthLimitCountsBytes() {
        try (var disk = new VirtualDisk(dir.resolve("c.img"), DiskConfig.ofSize(4).withLimits(0, 409_600))) {
            byte[] block = new byte[4096];
            int done = 0;
            for (int i = 0; i < 10; i++) {
                if (disk.write(0, block, 0)) {
                    done++;
                }
            }
            assertThat(done).isEqualTo(1); // 4096 bytes per 10 ms
        }
    }

    @Test
    void aReadOnlyDiskReadsItsImageRefusesGuestWritesAndIsNeverGrown() throws Exception {
        Path iso = dir.resolve("cd.iso");
        byte[] content = new byte[3000];
        content[512] = 9;
        java.nio.file.Files.write(iso, content);
        try (var disk = new VirtualDisk(iso, new DiskConfig(iso.toString(), 1, 0, 0, true))) {
            assertThat(disk.readOnly()).isTrue();
            byte[] back = new byte[512];
            assertThat(disk.read(512, back, 0)).isTrue();
            assertThat(back[0]).isEqualTo((byte) 9);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> disk.write(0, new byte[512], 0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
        }
        assertThat(java.nio.file.Files.size(iso)).isEqualTo(3000);
        assertThat(java.nio.file.Files.readAllBytes(iso)).isEqualTo(content);
    }

    @Test
    void aRelativePathIsHostLocalAndAnAbsoluteOneIsShared() {
        assertThat(new DiskConfig(null, 1, 0, 0).hostLocal()).isTrue();
        assertThat(new DiskConfig("local-sr/x.img", 1, 0, 0).hostLocal()).isTrue();
        assertThat(new DiskConfig("/srv/shared/x.img", 1, 0, 0).hostLocal()).isFalse();
    }

    @Test
    void theLimitsChangeLiveAndTheNextRequestsFollowTheNewOnes() {
        try (var disk = new VirtualDisk(dir.resolve("live.img"), DiskConfig.ofSize(4).withLimits(1000, 0))) {
            byte[] block = new byte[512];
            assertThat(writes(disk, block, 0)).isEqualTo(10); // 1000 IOPS = 10 per 10 ms interval

            disk.setLimits(5000, 0);
            assertThat(writes(disk, block, 20_000_000L)).isEqualTo(50); // 5000 IOPS = 50 per interval
            assertThat(disk.iopsLimit()).isEqualTo(5000);

            disk.setLimits(0, 0);
            assertThat(writes(disk, block, 40_000_000L)).isEqualTo(100); // unlimited
        }
    }

    /** Tries 100 writes at one instant; how many the limits let through. */
    private static int writes(VirtualDisk disk, byte[] block, long now) {
        int done = 0;
        for (int i = 0; i < 100; i++) {
            if (disk.write(0, block, now)) {
                done++;
            }
        }
        return done;
    }
}
