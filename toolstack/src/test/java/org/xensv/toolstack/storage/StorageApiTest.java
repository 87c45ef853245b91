package org.xensv.toolstack.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Storage repositories, images and VBDs through the REST API over real HTTP, against H2 (upload limit 8 MiB). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xensv.embedded.pool-name=Storage pool", "xensv.storage.max-upload-mib=8"})
class StorageApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @TempDir
    Path temp;

    Api api;
    JsonNode hosts;
    String poolId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        hosts = api.get("/api/v1/hosts").body();
        poolId = api.get("/api/v1/pools").body().get(0).get("id").asString();
    }

    private JsonNode sr(String kind, String hostId) {
        for (JsonNode sr : api.get("/api/v1/srs").body()) {
            if (sr.get("kind").asString().equals(kind) && (hostId == null || hostId.equals(sr.get("hostId").asString()))) {
                return sr;
            }
        }
        throw new AssertionError("no " + kind + " repository");
    }

    private String sharedSrId() {
        return sr("SHARED", null).get("id").asString();
    }

    private String hostId(int i) {
        return hosts.get(i).get("id").asString();
    }

    private List<String> files(String srId) throws IOException {
        Path dir = Path.of(api.get("/api/v1/srs/" + srId).body().get("path").asString());
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private int imageRows() {
        return jdbc.queryForObject("select count(*) from image", Integer.class);
    }

    private String blank(String srId, String name, long sizeMiB) {
        Api.Response r = api.post("/api/v1/images", """
                {"srId": "%s", "name": "%s", "sizeMiB": %d}""".formatted(srId, name, sizeMiB));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    private String vm(String name, String hostId, String workload) {
        Api.Response r = api.post("/api/v1/vms", """
                {"name": "%s", "type": "PV", "vcpus": 1, "memoryMiB": 128, "hostId": "%s", "workload": "%s"}"""
                .formatted(name, hostId, workload));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("vm").get("id").asString();
    }

    private void awaitState(String vmId, String state) {
        Await.until("VM is " + state, () -> {
            JsonNode vm = api.get("/api/v1/vms/" + vmId).body();
            return vm.get("powerState").asString().equals(state) && vm.get("currentOperation").isNull();
        });
    }

    private static void assertRefused(Api.Response r, int status, String field) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.body().get("field").asString()).as(r.raw()).isEqualTo(field);
    }

    @Test
    void everyEmbeddedHostHasLocalStorageAndThePoolSharedStorageWithCapacityAndFreeSpace() {
        for (int i = 0; i < hosts.size(); i++) {
            JsonNode local = sr("LOCAL", hostId(i));
            assertThat(local.get("path").asString()).endsWith(hosts.get(i).get("name").asString() + "/local-sr");
            assertThat(local.get("capacityBytes").asLong()).isPositive();
            assertThat(local.get("freeBytes").asLong()).isPositive().isLessThanOrEqualTo(local.get("capacityBytes").asLong());
        }
        assertThat(sr("SHARED", null).get("poolId").asString()).isEqualTo(poolId);
        assertThat(api.get("/api/v1/openapi.json").raw()).contains("/api/v1/srs").contains("/api/v1/images/upload")
                .contains("/api/v1/vms/{vmId}/vbds");
    }

    @Test
    void aBlankDiskIsASparseFileOfItsSizeAndBadInputNamesTheFieldAndLeavesNothing() throws IOException {
        String sr = sharedSrId();
        List<String> before = files(sr);
        int rows = imageRows();

        assertRefused(api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"\", \"sizeMiB\": 8}".formatted(sr)), 400, "name");
        assertRefused(api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"a/b\", \"sizeMiB\": 8}".formatted(sr)), 400, "name");
        assertRefused(api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"zero\", \"sizeMiB\": 0}".formatted(sr)), 400, "sizeMiB");
        assertRefused(api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"huge\", \"sizeMiB\": 99999999}".formatted(sr)), 400, "sizeMiB");
        assertRefused(api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"x\", \"sizeMiB\": 8}".formatted(UUID.randomUUID())), 400, "srId");
        assertThat(files(sr)).isEqualTo(before);
        assertThat(imageRows()).isEqualTo(rows);

        String id = blank(sr, "blank-disk", 32);
        JsonNode image = api.get("/api/v1/images/" + id).body();
        assertThat(image.get("sizeBytes").asLong()).isEqualTo(32L << 20);
        assertThat(image.get("format").asString()).isEqualTo("RAW");
        Path file = Path.of(sr("SHARED", null).get("path").asString(), id + ".img");
        assertThat(Files.size(file)).isEqualTo(32L << 20);
        assertRefused(api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"BLANK-disk\", \"sizeMiB\": 8}".formatted(sr)), 400, "name");

        // resize grows, never shrinks
        assertRefused(api.post("/api/v1/images/" + id + "/resize", "{\"sizeMiB\": 16}"), 400, "sizeMiB");
        assertThat(api.post("/api/v1/images/" + id + "/resize", "{\"sizeMiB\": 64}").status()).isEqualTo(200);
        assertThat(Files.size(file)).isEqualTo(64L << 20);

        // clone: a new file with the same content
        Files.write(file, "boot sector".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.WRITE);
        Api.Response clone = api.post("/api/v1/images/" + id + "/clone", "{\"name\": \"blank-copy\"}");
        assertThat(clone.status()).as(clone.raw()).isEqualTo(201);
        Path copy = file.resolveSibling(clone.body().get("id").asString() + ".img");
        assertThat(Files.mismatch(file, copy)).isEqualTo(-1L);

        assertThat(api.delete("/api/v1/images/" + clone.body().get("id").asString()).status()).isEqualTo(204);
        assertThat(copy).doesNotExist();
    }

    @Test
    void aRepositoryThatIsFullRefusesAnUploadAndKeepsNothing() throws IOException {
        Api.Response created = api.post("/api/v1/srs", """
                {"poolId": "%s", "name": "small-sr", "path": "%s", "quotaMiB": 2}""".formatted(poolId, temp.resolve("small")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String sr = created.body().get("id").asString();
        assertRefused(api.post("/api/v1/srs", """
                {"poolId": "%s", "name": "small-sr", "path": "%s"}""".formatted(poolId, temp.resolve("other"))), 400, "name");
        assertRefused(api.post("/api/v1/srs", """
                {"poolId": "%s", "name": "relative", "path": "data/sr"}""".formatted(poolId)), 400, "path");
        int rows = imageRows();

        Api.Response r = Multipart.upload(port, Map.of("srId", sr), "big.img", new byte[3 << 20]);

        assertRefused(r, 400, "file");
        assertThat(r.body().get("detail").asString()).contains("small-sr").contains("free");
        assertThat(files(sr)).isEmpty();
        assertThat(imageRows()).isEqualTo(rows);
        assertRefused(api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"too-big\", \"sizeMiB\": 3}".formatted(sr)), 400, "sizeMiB");
        assertThat(files(sr)).isEmpty();
    }

    @Test
    void anUploadLargerThanTheLimitIsRefusedAndKeepsNothing() throws IOException {
        String sr = sharedSrId();
        List<String> before = files(sr);
        int rows = imageRows();

        Api.Response r = Multipart.upload(port, Map.of("srId", sr), "oversized.img", new byte[9 << 20]);

        assertThat(r.status()).as(r.raw()).isEqualTo(413);
        assertThat(r.body().get("field").asString()).isEqualTo("file");
        assertThat(files(sr)).isEqualTo(before);
        assertThat(imageRows()).isEqualTo(rows);
    }

    @Test
    void filesThatLieAboutTheirFormatAreRefusedAndKeepNothing() throws IOException {
        String sr = sharedSrId();
        List<String> before = files(sr);
        int rows = imageRows();

        assertRefused(Multipart.upload(port, Map.of("srId", sr), "fake.qcow2", "not a qcow2 at all".repeat(10).getBytes()), 400, "file");
        assertRefused(Multipart.upload(port, Map.of("srId", sr), "fake.iso", new byte[64 * 1024]), 400, "file");
        assertRefused(Multipart.upload(port, Map.of("srId", sr, "format", "RAW"), "real.img",
                Qcow2Files.header(3, 0, 0, 1 << 20)), 400, "format");
        assertRefused(Multipart.upload(port, Map.of("srId", sr, "format", "VMDK"), "x.vmdk", new byte[512]), 400, "format");

        Api.Response version = Multipart.upload(port, Map.of("srId", sr), "v4.qcow2", Qcow2Files.header(4, 0, 0, 1 << 20));
        assertRefused(version, 400, "file");
        assertThat(version.body().get("detail").asString()).contains("version 4");
        Api.Response backing = Multipart.upload(port, Map.of("srId", sr), "backed.qcow2", Qcow2Files.header(3, 0x200, 10, 1 << 20));
        assertRefused(backing, 400, "file");
        assertThat(backing.body().get("detail").asString()).contains("backing file");
        assertRefused(Multipart.upload(port, Map.of("srId", sr), "nosize.qcow2", Qcow2Files.header(2, 0, 0, 0)), 400, "file");

        assertThat(files(sr)).isEqualTo(before);
        assertThat(imageRows()).isEqualTo(rows);
    }

    @Test
    void aQcow2MadeByQemuImgIsConvertedToARawImageOfItsVirtualSize() throws Exception {
        assumeTrue(Qcow2Files.haveQemuImg(), "qemu-img (Debian qemu-utils) is installed in CI");
        byte[] content = new byte[3 << 20];
        for (int i = 0; i < content.length; i += 4096) {
            content[i] = (byte) (i / 4096 + 1);
        }
        Files.write(temp.resolve("disk.raw"), content);
        Qcow2Files.qemuImg(temp, "convert", "-f", "raw", "-O", "qcow2", "disk.raw", "disk.qcow2");
        Qcow2Files.qemuImg(temp, "resize", "-f", "qcow2", "disk.qcow2", "5M");
        Qcow2Files.qemuImg(temp, "create", "-f", "qcow2", "-b", "disk.qcow2", "-F", "qcow2", "child.qcow2");
        String sr = sharedSrId();
        List<String> before = files(sr);

        Api.Response child = Multipart.upload(port, Map.of("srId", sr), "child.qcow2", Files.readAllBytes(temp.resolve("child.qcow2")));
        assertRefused(child, 400, "file");
        assertThat(files(sr)).isEqualTo(before);

        Api.Response r = Multipart.upload(port, Map.of("srId", sr, "name", "from-qcow2"), "disk.qcow2",
                Files.readAllBytes(temp.resolve("disk.qcow2")));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.body().get("format").asString()).isEqualTo("RAW");
        assertThat(r.body().get("sizeBytes").asLong()).isEqualTo(5L << 20);
        Path raw = Path.of(sr("SHARED", null).get("path").asString(), r.body().get("id").asString() + ".img");
        byte[] converted = Files.readAllBytes(raw);
        assertThat(converted).hasSize(5 << 20);
        assertThat(java.util.Arrays.copyOf(converted, content.length)).isEqualTo(content);
    }

    @Test
    void anIsoIsReadOnlyAndAttachesAsACd() {
        byte[] iso = new byte[40 * 2048];
        iso[16 * 2048] = 1;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, iso, 16 * 2048 + 1, 5);
        Api.Response r = Multipart.upload(port, Map.of("srId", sharedSrId()), "install.iso", iso);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.body().get("format").asString()).isEqualTo("ISO");
        assertThat(r.body().get("readOnly").asBoolean()).isTrue();
        String isoId = r.body().get("id").asString();
        assertRefused(api.post("/api/v1/images/" + isoId + "/resize", "{\"sizeMiB\": 8}"), 400, "sizeMiB");

        String vm = vm("cd-vm", hostId(0), "IDLE");
        assertRefused(api.post("/api/v1/vms/" + vm + "/vbds", "{\"imageId\": \"%s\", \"mode\": \"RW\"}".formatted(isoId)), 400, "mode");
        Api.Response cd = api.post("/api/v1/vms/" + vm + "/vbds", "{\"imageId\": \"%s\"}".formatted(isoId));
        assertThat(cd.status()).as(cd.raw()).isEqualTo(201);
        assertThat(cd.body().get("device").asString()).isEqualTo("hdc");
        assertThat(cd.body().get("cdrom").asBoolean()).isTrue();
        assertThat(cd.body().get("mode").asString()).isEqualTo("RO");

        api.post("/api/v1/vms/" + vm + "/start", null);
        awaitState(vm, "RUNNING");
        api.post("/api/v1/vms/" + vm + "/hard-shutdown", null);
        awaitState(vm, "HALTED");
    }

    @Test
    void vbdInputIsValidatedAndDisksChangeOnlyOnAHaltedVm() {
        String sr = sharedSrId();
        String disk = blank(sr, "vbd-disk", 16);
        String other = blank(sr, "vbd-other", 16);
        String vm = vm("vbd-vm", hostId(0), "IDLE");
        String vbds = "/api/v1/vms/" + vm + "/vbds";

        assertRefused(api.post(vbds, "{\"imageId\": \"%s\", \"device\": \"xyz\"}".formatted(disk)), 400, "device");
        assertRefused(api.post(vbds, "{\"imageId\": \"%s\", \"mode\": \"RX\"}".formatted(disk)), 400, "mode");
        assertRefused(api.post(vbds, "{\"imageId\": \"%s\", \"iopsLimit\": -1}".formatted(disk)), 400, "iopsLimit");
        assertRefused(api.post(vbds, "{\"imageId\": \"%s\", \"mbpsLimit\": 100001}".formatted(disk)), 400, "mbpsLimit");
        assertRefused(api.post(vbds, "{\"imageId\": \"%s\"}".formatted(UUID.randomUUID())), 400, "imageId");
        assertThat(api.get(vbds).body().size()).isZero();

        Api.Response first = api.post(vbds, "{\"imageId\": \"%s\", \"device\": \"xvda\", \"bootable\": true, \"iopsLimit\": 500, \"mbpsLimit\": 20}".formatted(disk));
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertRefused(api.post(vbds, "{\"imageId\": \"%s\", \"device\": \"xvda\"}".formatted(other)), 400, "device");
        assertRefused(api.post(vbds, "{\"imageId\": \"%s\", \"bootable\": true}".formatted(other)), 400, "bootable");
        String vm2 = vm("vbd-vm2", hostId(0), "IDLE");
        Api.Response shared = api.post("/api/v1/vms/" + vm2 + "/vbds", "{\"imageId\": \"%s\"}".formatted(disk));
        assertThat(shared.status()).as(shared.raw()).isEqualTo(409);
        assertThat(shared.body().get("detail").asString()).contains("vbd-vm");

        api.post("/api/v1/vms/" + vm + "/start", null);
        awaitState(vm, "RUNNING");
        Api.Response hot = api.post(vbds, "{\"imageId\": \"%s\"}".formatted(other));
        assertThat(hot.status()).as(hot.raw()).isEqualTo(409);
        assertThat(hot.body().get("code").asString()).isEqualTo("VM_NOT_HALTED");
        assertThat(api.get(vbds).body().size()).isEqualTo(1);
        api.post("/api/v1/vms/" + vm + "/hard-shutdown", null);
        awaitState(vm, "HALTED");
    }

    @Test
    void deletingAnAttachedImageIsRefusedNamingTheVms() {
        String disk = blank(sharedSrId(), "in-use", 8);
        String vm = vm("user-vm", hostId(0), "IDLE");
        Api.Response attached = api.post("/api/v1/vms/" + vm + "/vbds", "{\"imageId\": \"%s\"}".formatted(disk));
        assertThat(attached.status()).isEqualTo(201);

        Api.Response refused = api.delete("/api/v1/images/" + disk);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("code").asString()).isEqualTo("IMAGE_IN_USE");
        assertThat(refused.body().get("detail").asString()).contains("user-vm");
        assertThat(api.get("/api/v1/images/" + disk).body().get("attachedTo").toString()).contains("user-vm");
        assertThat(api.get("/api/v1/images/" + disk).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/vms/" + vm + "/vbds/" + attached.body().get("id").asString()).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/images/" + disk).status()).isEqualTo(204);
    }

    @Test
    void aVmWithADiskStartsAndWritesToThatImage() throws IOException {
        JsonNode local = sr("LOCAL", hostId(0));
        String disk = blank(local.get("id").asString(), "db-disk", 16);
        Path file = Path.of(local.get("path").asString(), disk + ".img");
        String vm = vm("db-vm", hostId(0), "DATABASE");
        assertThat(api.post("/api/v1/vms/" + vm + "/vbds", "{\"imageId\": \"%s\", \"bootable\": true}".formatted(disk)).status()).isEqualTo(201);
        assertRefused(api.post("/api/v1/vms/" + vm("db-vm-elsewhere", hostId(1), "IDLE") + "/vbds",
                "{\"imageId\": \"%s\"}".formatted(blank(local.get("id").asString(), "db-disk-2", 8))), 400, "imageId");

        api.post("/api/v1/vms/" + vm + "/start", null);
        awaitState(vm, "RUNNING");

        Await.until("the guest's commits reach the image file", () -> {
            try {
                byte[] bytes = Files.readAllBytes(file);
                for (byte b : bytes) {
                    if (b != 0) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(Files.size(file)).isEqualTo(16L << 20);
        api.post("/api/v1/vms/" + vm + "/hard-shutdown", null);
        awaitState(vm, "HALTED");
    }

    @Test
    void aHostAddedLaterGetsLocalStorageAndIsNotForgottenWhileItHoldsImages() {
        Api.Response host = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "late-host", "uri": "embedded://late-host-%s?pcpus=1&memoryMiB=128"}"""
                .formatted(poolId, UUID.randomUUID().toString().substring(0, 8)));
        assertThat(host.status()).as(host.raw()).isEqualTo(201);
        String hostId = host.body().get("id").asString();
        String local = sr("LOCAL", hostId).get("id").asString();
        String image = blank(local, "late-disk", 4);

        Api.Response refused = api.delete("/api/v1/hosts/" + hostId);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("late-disk");
        assertThat(api.get("/api/v1/images/" + image).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/images/" + image).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/hosts/" + hostId).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/srs").raw()).doesNotContain(local);
    }
}
