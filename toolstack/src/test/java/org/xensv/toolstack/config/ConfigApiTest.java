package org.xensv.toolstack.config;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Import and export of domain configs over real HTTP on a random port, against H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConfigApiTest {

    @LocalServerPort
    int port;

    Api api;
    String hostId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        hostId = api.get("/api/v1/hosts").body().get(0).get("id").asString();
    }

    @Test
    void anXlFileImportsAsAVmAndListsWhatItIgnored() {
        Api.Response created = api.postText("/api/v1/vms/import?format=xl&hostId=" + hostId, "text/plain", """
                name = "xl-imported"
                type = "hvm"
                memory = 0x100
                vcpus = 2; cpu_weight = 512; cap = 50
                on_crash = "preserve"
                kernel = "/boot/vmlinuz"
                vnc = 1
                disk = [ 'file:/srv/a.img,xvda,w' ]
                vif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr0.10, rate=10Mb/s' ]
                """);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        var vm = created.body().get("vm");
        assertThat(vm.get("name").asString()).isEqualTo("xl-imported");
        assertThat(vm.get("type").asString()).isEqualTo("HVM");
        assertThat(vm.get("memoryMiB").asLong()).isEqualTo(256);
        assertThat(vm.get("vcpus").asInt()).isEqualTo(2);
        assertThat(vm.get("cpuWeight").asInt()).isEqualTo(512);
        assertThat(vm.get("cpuCap").asInt()).isEqualTo(50);
        assertThat(vm.get("onCrash").asString()).isEqualTo("PRESERVE");
        var ignored = created.body().get("ignored");
        assertThat(ignored.toString()).contains("\"key\":\"kernel\",\"line\":6")
                .contains("\"key\":\"vnc\",\"line\":7").contains("\"key\":\"disk[0]\",\"line\":8")
                .contains("\"key\":\"vif[0]\",\"line\":9");
    }

    @Test
    void aMalformedFileIsRefusedWithEveryLineAndReasonAndCreatesNothing() {
        int before = api.get("/api/v1/vms").body().size();
        Api.Response refused = api.postText("/api/v1/vms/import?format=xl", "text/plain", """
                name = "bad-import"
                memory = 4
                vcpus = 300
                type = hvm
                """);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().get("code").asString()).isEqualTo("INVALID_CONFIG_FILE");
        var problems = refused.body().get("problems");
        assertThat(problems.size()).isEqualTo(3);
        assertThat(problems.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(problems.get(0).get("key").asString()).isEqualTo("memory");
        assertThat(problems.get(1).get("key").asString()).isEqualTo("vcpus");
        assertThat(problems.get(2).get("line").asInt()).isEqualTo(4);
        assertThat(refused.body().get("detail").asString()).contains("line 3: vcpus: must be between 1 and 128");
        assertThat(api.get("/api/v1/vms").body().size()).isEqualTo(before);
    }

    @Test
    void anExportedVmImportsBackAsASecondVm() {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "exported-1", "type": "HVM", "vcpus": 2, "memoryMiB": 128, "hostId": "%s", "cpuWeight": 300, "cpuCap": 80, "onCrash": "DESTROY"}
                """.formatted(hostId));
        String id = created.body().get("vm").get("id").asString();

        HttpResponse<String> xl = api.download("/api/v1/vms/" + id + "/export?format=xl");
        assertThat(xl.statusCode()).isEqualTo(200);
        assertThat(xl.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(xl.headers().firstValue("Content-Disposition").orElseThrow()).contains("filename=\"exported-1.cfg\"");
        assertThat(xl.body()).contains("name = \"exported-1\"").contains("type = \"hvm\"").contains("memory = 128")
                .contains("cpu_weight = 300").contains("cap = 80").contains("on_crash = \"destroy\"");

        Api.Response copy = api.postText("/api/v1/vms/import?format=xl&name=exported-2", "text/plain", xl.body());
        assertThat(copy.status()).as(copy.raw()).isEqualTo(201);
        var vm = copy.body().get("vm");
        assertThat(vm.get("id").asString()).isNotEqualTo(id);
        assertThat(vm.get("type").asString()).isEqualTo("HVM");
        assertThat(vm.get("memoryMiB").asLong()).isEqualTo(128);
        assertThat(vm.get("cpuCap").asInt()).isEqualTo(80);
        assertThat(copy.body().get("ignored").toString()).contains("\"key\":\"uuid\"").contains("\"key\":\"name\"")
                .doesNotContain("on_poweroff").doesNotContain("serial");

        HttpResponse<String> xml = api.download("/api/v1/vms/" + id + "/export?format=libvirt&hypervisor=xen");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/xml");
        assertThat(xml.headers().firstValue("Content-Disposition").orElseThrow()).contains("exported-1.xml");
        assertThat(xml.body()).contains("<domain type=\"xen\">").contains("<shares>300</shares>");

        Api.Response third = api.postText("/api/v1/vms/import?format=libvirt&name=exported-3&start=true", "application/xml", xml.body());
        assertThat(third.status()).as(third.raw()).isEqualTo(201);
        assertThat(third.body().get("vm").get("cpuWeight").asInt()).isEqualTo(300);
        assertThat(third.body().get("startTask").isNull()).isFalse();
    }

    @Test
    void disksAndNicsTravelThroughAnExportAndImport() throws Exception {
        String sharedSr = null;
        for (var sr : api.get("/api/v1/srs").body()) {
            if (sr.get("kind").asString().equals("SHARED")) {
                sharedSr = sr.get("id").asString();
            }
        }
        Api.Response net = api.post("/api/v1/networks", "{\"name\": \"dev-vlan\", \"vlan\": 321}");
        assertThat(net.status()).as(net.raw()).isEqualTo(201);
        String networkId = net.body().get("id").asString();
        Api.Response image = api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"dev-disk\", \"sizeMiB\": 8}".formatted(sharedSr));
        assertThat(image.status()).as(image.raw()).isEqualTo(201);
        String imageId = image.body().get("id").asString();
        String id = api.post("/api/v1/vms", """
                {"name": "devices-1", "vcpus": 1, "memoryMiB": 64, "hostId": "%s"}""".formatted(hostId)).body().get("vm").get("id").asString();
        assertThat(api.post("/api/v1/vms/" + id + "/vbds", "{\"imageId\": \"%s\", \"bootable\": true, \"iopsLimit\": 200}"
                .formatted(imageId)).status()).isEqualTo(201);
        Api.Response vif = api.post("/api/v1/vms/" + id + "/vifs", "{\"networkId\": \"%s\", \"rate\": \"10Mb/s\"}".formatted(networkId));
        assertThat(vif.status()).as(vif.raw()).isEqualTo(201);
        String mac = vif.body().get("mac").asString();

        String xl = api.download("/api/v1/vms/" + id + "/export?format=xl").body();
        assertThat(xl).contains("xvda").contains("mac=" + mac).contains("bridge=dev-vlan.321").contains("rate=10Mb/s");

        Api.Response copy = api.postText("/api/v1/vms/import?format=xl&name=devices-2&start=true", "text/plain", xl);
        assertThat(copy.status()).as(copy.raw()).isEqualTo(201);
        String copyId = copy.body().get("vm").get("id").asString();
        var disks = api.get("/api/v1/vms/" + copyId + "/vbds").body();
        assertThat(disks.size()).isEqualTo(1);
        assertThat(disks.get(0).get("device").asString()).isEqualTo("xvda");
        assertThat(disks.get(0).get("imageId").asString()).as("a writable disk in use is cloned, never shared").isNotEqualTo(imageId);
        assertThat(disks.get(0).get("bootable").asBoolean()).isTrue();
        var nics = api.get("/api/v1/vms/" + copyId + "/vifs").body();
        assertThat(nics.size()).isEqualTo(1);
        assertThat(nics.get(0).get("networkId").asString()).isEqualTo(networkId);
        assertThat(nics.get(0).get("mac").asString()).as("the MAC is taken by devices-1").isNotEqualTo(mac).startsWith("00:16:3e:");
        assertThat(nics.get(0).get("rate").asString()).isEqualTo("10Mb/s");
        assertThat(copy.body().get("ignored").toString()).contains("\"key\":\"disk[0]\"").contains("own copy")
                .contains("\"key\":\"vif[0]\"").contains("is taken in the pool");
        assertThat(copy.body().get("startTask").isNull()).isFalse();

        String xml = api.download("/api/v1/vms/" + id + "/export?format=libvirt").body();
        assertThat(xml).contains("network=\"dev-vlan\"")
                .contains("<tag id=\"321\"").contains("<total_iops_sec>200</total_iops_sec>");
        assertValid(xml);
        Api.Response third = api.postText("/api/v1/vms/import?format=libvirt&name=devices-3", "application/xml", xml);
        assertThat(third.status()).as(third.raw()).isEqualTo(201);
        String thirdId = third.body().get("vm").get("id").asString();
        assertThat(api.get("/api/v1/vms/" + thirdId + "/vifs").body().get(0).get("networkId").asString()).isEqualTo(networkId);
        assertThat(api.get("/api/v1/vms/" + thirdId + "/vbds").body().get(0).get("iopsLimit").asLong()).isEqualTo(200);
    }

    private static void assertValid(String xml) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(LibvirtXmlTest.VALIDATOR) && Files.isExecutable(LibvirtXmlTest.XMLLINT),
                "virt-xml-validate and xmllint (libvirt-clients, libxml2-utils) are not installed");
        Path doc = Files.createTempFile("xensv-export", ".xml");
        try {
            Files.writeString(doc, xml);
            Process p = new ProcessBuilder(LibvirtXmlTest.VALIDATOR.toString(), doc.toString(), "domain").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output + "\n" + xml).isZero();
        } finally {
            Files.deleteIfExists(doc);
        }
    }

    @Test
    void aNameAlreadyTakenIsRefusedByTheCreatePath() {
        api.postText("/api/v1/vms/import?format=xl", "text/plain", "name='twice'\nmemory=64\n");
        Api.Response again = api.postText("/api/v1/vms/import?format=xl", "text/plain", "name='twice'\nmemory=64\n");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("field").asString()).isEqualTo("name");
    }

    @Test
    void anOversizedFileOrUnknownFormatIsRefused() {
        Api.Response big = api.postText("/api/v1/vms/import?format=xl", "text/plain", "#".repeat(VmConfigService.MAX_FILE_BYTES + 10));
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.body().get("field").asString()).isEqualTo("body");
        Api.Response format = api.postText("/api/v1/vms/import?format=ovf", "text/plain", "name='x'");
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.body().get("field").asString()).isEqualTo("format");
        assertThat(api.download("/api/v1/vms/00000000-0000-0000-0000-000000000000/export?format=xl").statusCode()).isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentHasImportAndExport() {
        String doc = api.get("/api/v1/openapi.json").raw();
        assertThat(doc).contains("/api/v1/vms/import").contains("/api/v1/vms/{id}/export");
    }
}
