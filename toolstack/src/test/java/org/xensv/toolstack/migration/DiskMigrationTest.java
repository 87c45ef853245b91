package org.xensv.toolstack.migration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.storage.ImageSpec;
import org.xensv.toolstack.storage.ImageView;
import org.xensv.toolstack.storage.SrKind;
import org.xensv.toolstack.storage.SrView;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.toolstack.storage.VbdService;
import org.xensv.toolstack.storage.VbdSpec;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running VM with disks migrates: images on a host's local storage are copied to the destination's
 * local storage (and leave the source); images on shared storage stay where they are.
 */
@SpringBootTest(properties = "xensv.embedded.pool-name=Disk migration pool")
class DiskMigrationTest extends MigrationTestContext {

    private static final byte[] MARKER = "written before the migration".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    StorageService storage;
    @Autowired
    VbdService vbds;

    private SrView sr(SrKind kind, HostView host) {
        return storage.listRepositories().stream()
                .filter(sr -> sr.kind() == kind && (host == null || host.id().equals(sr.hostId()))).findFirst().orElseThrow();
    }

    private static Path file(SrView sr, ImageView image) {
        return Path.of(sr.path(), image.id() + ".img");
    }

    private static void mark(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(MARKER), 1 << 20);
        }
    }

    private static boolean marked(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Arrays.equals(Arrays.copyOfRange(bytes, 1 << 20, (1 << 20) + MARKER.length), MARKER);
    }

    private static final class Arrays {
        static boolean equals(byte[] a, byte[] b) {
            return java.util.Arrays.equals(a, b);
        }

        static byte[] copyOfRange(byte[] a, int from, int to) {
            return java.util.Arrays.copyOfRange(a, from, to);
        }
    }

    /** A running DATABASE VM on the first host with a writable disk and a read-only marked disk from {@code sr}. */
    private VmView runningWithDisks(String name, SrView sr, ImageView data, ImageView marked) {
        VmView vm = vms.create(new VmSpec(name, null, "PV", 1, 96L, first().id(), "DATABASE", 32L, 8L, 2000L, 7L,
                null, null, null, false)).vm();
        vbds.attach(vm.id(), new VbdSpec(data.id(), "xvda", "RW", true, false, null, null));
        vbds.attach(vm.id(), new VbdSpec(marked.id(), "xvdb", "RO", false, false, null, null));
        TaskView start = finished(vms.perform(vm.id(), org.xensv.hypervisor.api.Operation.START));
        assertThat(start.status()).as(start.errorMessage()).isEqualTo(TaskStatus.SUCCESS);
        return vm;
    }

    @Test
    void localDisksAreCopiedToTheDestinationsLocalStorage() throws IOException {
        SrView source = sr(SrKind.LOCAL, first());
        SrView destination = sr(SrKind.LOCAL, second());
        ImageView data = storage.createBlank(new ImageSpec(source.id(), "local-data", null, 8L));
        ImageView marked = storage.createBlank(new ImageSpec(source.id(), "local-marked", null, 4L));
        mark(file(source, marked));
        VmView vm = runningWithDisks("disk-local", source, data, marked);

        TaskView task = finished(migrations.migrate(vm.id(), MigrateRequest.to(second().id())));

        assertThat(task.status()).as(task.errorMessage()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(vms.get(vm.id()).hostId()).isEqualTo(second().id());
        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(storage.getImage(data.id()).srId()).isEqualTo(destination.id());
        assertThat(storage.getImage(marked.id()).srId()).isEqualTo(destination.id());
        assertThat(file(destination, marked)).exists();
        assertThat(marked(file(destination, marked))).as("the read-only disk's data arrived").isTrue();
        assertThat(Files.size(file(destination, data))).isEqualTo(8L << 20);
        assertThat(file(source, data)).doesNotExist();
        assertThat(file(source, marked)).doesNotExist();
    }

    @Test
    void sharedDisksStayWhereTheyAreAndAreNotCopied() throws IOException {
        SrView shared = sr(SrKind.SHARED, null);
        ImageView data = storage.createBlank(new ImageSpec(shared.id(), "shared-data", null, 8L));
        ImageView marked = storage.createBlank(new ImageSpec(shared.id(), "shared-marked", null, 4L));
        mark(file(shared, marked));
        VmView vm = runningWithDisks("disk-shared", shared, data, marked);

        TaskView task = finished(migrations.migrate(vm.id(), MigrateRequest.to(second().id())));

        assertThat(task.status()).as(task.errorMessage()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(vms.get(vm.id()).hostId()).isEqualTo(second().id());
        assertThat(storage.getImage(data.id()).srId()).isEqualTo(shared.id());
        assertThat(file(shared, data)).exists();
        assertThat(marked(file(shared, marked))).isTrue();
        // nothing of it landed in either host's local storage
        assertThat(Path.of(sr(SrKind.LOCAL, second()).path()).resolve(data.id() + ".img")).doesNotExist();
        assertThat(hosts.connection(second().id()).lifecycle().config(vm.id()).disks())
                .allSatisfy(d -> assertThat(d.hostLocal()).isFalse());
    }
}
