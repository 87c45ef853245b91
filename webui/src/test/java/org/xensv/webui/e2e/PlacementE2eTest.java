package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Placement and the host view in the browser: the New VM wizard left on "automatic" shows the host
 * the console suggests with its reason (the API's suggestion), creates the VM there in its
 * anti-affinity group; a host's General tab shows its usage, connection and last error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=e2e${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=2",
        "xensv.embedded.pcpus=4",
        "xensv.embedded.memory-mib=2048",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class PlacementE2eTest extends ConsoleInBrowser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeEach
    void signIn() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
    }

    private JsonNode json(String path) {
        return JSON.readTree(api.get(path));
    }

    @Test
    void theWizardLeftOnAutomaticShowsTheSuggestedHostWithItsReasonAndCreatesTheVmThere() {
        String name = "placed-" + UUID.randomUUID().toString().substring(0, 6);
        String group = "grp-" + name;
        String poolId = json("/pools").get(0).get("id").asString();

        page.locator("#new-vm").click();
        page.locator("#wizard-next").click(); // the Template step: a blank VM
        input("wizard-name").fill(name);
        page.locator("#wizard-next").click();
        input("wizard-vcpus").fill("1");
        input("wizard-memory").fill("96");
        page.locator("#wizard-next").click();

        assertThat(input("wizard-host")).hasValue("Automatic: the console chooses");
        JsonNode suggestion = json("/pools/" + poolId + "/placement?memoryMiB=96&vcpus=1");
        String suggested = suggestion.get("hostName").asString();
        assertThat(page.locator("#wizard-placement-reason")).containsText("Suggested: " + suggested + ": ");
        assertThat(page.locator("#wizard-placement-reason")).containsText("CPU load");

        input("wizard-anti-affinity").fill("not a group!");
        input("wizard-anti-affinity").press("Tab");
        page.locator("#wizard-next").click();
        assertThat(errorOf("wizard-anti-affinity")).containsText("Must be 1 to 64 letters");

        input("wizard-anti-affinity").fill(group);
        input("wizard-anti-affinity").press("Tab");
        page.locator("#wizard-start").click(); // created halted
        JsonNode inGroup = json("/pools/" + poolId + "/placement?memoryMiB=96&vcpus=1&antiAffinityGroup=" + group);
        assertThat(page.locator("#wizard-placement-reason")).containsText("Suggested: " + inGroup.get("hostName").asString() + ": ");
        page.locator("#wizard-next").click();
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-summary")).containsText("automatic: " + inGroup.get("hostName").asString() + ": ");
        assertThat(page.locator("#wizard-summary")).containsText(group);
        page.locator("#wizard-create").click();

        assertThat(page.locator("#new-vm-wizard")).hasCount(0);
        vmRow(name).click();
        assertThat(page.locator("#vm-anti-affinity")).hasText(group);
        JsonNode vm = JSON.readTree(api.vms()).valueStream().filter(v -> v.get("name").asString().equals(name)).findFirst().orElseThrow();
        assertThat(vm.get("hostName").asString()).isEqualTo(inGroup.get("hostName").asString());
        assertThat(vm.get("antiAffinityGroup").asString()).isEqualTo(group);

        // the next VM of the group is suggested elsewhere, and the wizard says why; with the new VM
        // selected the wizard starts on its host, and Automatic is picked again
        page.locator("#new-vm").click();
        page.locator("#wizard-next").click();
        input("wizard-name").fill(name + "-2");
        page.locator("#wizard-next").click();
        input("wizard-vcpus").fill("1");
        input("wizard-memory").fill("96");
        page.locator("#wizard-next").click();
        assertThat(input("wizard-host")).not().hasValue("Automatic: the console chooses");
        assertThat(page.locator("#wizard-placement-reason")).isHidden();
        input("wizard-anti-affinity").fill(group);
        input("wizard-anti-affinity").press("Tab");
        pick("wizard-host", "Automatic: the console chooses");
        assertThat(page.locator("#wizard-placement-reason"))
                .containsText(inGroup.get("hostName").asString() + " already has " + name + " of anti-affinity group '" + group + "'");
        page.locator("#wizard-cancel").click();

        assertThat(api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "DELETE", "/vms/" + vm.get("id").asString(), null).statusCode())
                .isEqualTo(202);
    }

    @Test
    void theHostViewShowsUsageConnectionAndLastError() {
        JsonNode host = json("/hosts").get(0);
        String hostName = host.get("name").asString();

        page.locator("[data-host='" + hostName + "']:visible").click();

        assertThat(page.locator("#details-title")).hasText(hostName);
        assertThat(page.locator("#host-connection")).hasText("connected");
        assertThat(page.locator("#host-last-error")).hasText("none");
        assertThat(page.locator("#host-memory-usage")).containsText(Pattern.compile("\\d+ of 2048 MiB used"));
        assertThat(page.locator("#host-cpu-usage")).containsText("vCPUs of running VMs");
        assertThat(page.locator("#host-networks")).containsText("network");
        assertThat(page.locator("#host-storage")).containsText("Local storage on " + hostName);
        assertThat(page.locator("#host-storage")).containsText("shared");
        assertThat(page.locator("#host-agent-version")).hasCount(0);
    }
}
