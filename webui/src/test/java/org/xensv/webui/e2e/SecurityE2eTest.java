package org.xensv.webui.e2e;

import java.net.http.HttpResponse;
import java.util.List;

import com.microsoft.playwright.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roles in the browser: read-only sees every action disabled with the reason, an operator cannot
 * open the network editor nor create a network through the API, sign-in is throttled with a message,
 * sign-out ends the session, admins manage users (a signed-in user acts with the role an admin gives
 * them from their next request, and a disabled one is signed out), and the pages carry the security headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sec-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=sec${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=768",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class SecurityE2eTest extends ConsoleInBrowser {

    static final String PASSWORD = "a-long-enough-password";

    @BeforeAll
    void usersAndAVm() {
        RestClient admin = new RestClient(port);
        admin.createUser("reader", PASSWORD, "READ_ONLY");
        admin.createUser("oper", PASSWORD, "OPERATOR");
        admin.createUser("locked-out", PASSWORD, "READ_ONLY");
        admin.createUser("changing", PASSWORD, "OPERATOR");
        admin.createVm("sec-vm", true, 64, null);
    }

    @Test
    void readOnlySeesEveryActionDisabledWithTheReason() {
        openConsoleAs(new com.microsoft.playwright.Browser.NewContextOptions(), "reader", PASSWORD);
        assertThat(page.locator("#current-user")).containsText("reader (read-only)");
        vmRow("sec-vm").click();
        assertThat(vmState("sec-vm")).hasText("running");
        for (String id : List.of("new-vm", "import-vm", "vm-clean-shutdown", "vm-pause", "vm-destroy", "vm-migrate",
                "open-networks", "open-qos", "open-storage", "open-add-host", "open-users")) {
            assertThat(page.locator("#" + id)).isDisabled();
            assertThat(page.locator("#" + id)).hasAttribute("data-refused", java.util.regex.Pattern.compile(".+"));
        }
        assertThat(page.locator("#vm-clean-shutdown > vaadin-tooltip").evaluate("t => t.text")).isEqualTo(
                "Your role (read-only) may not start, stop, pause, suspend and reboot VMs: that needs the operator role.");
        assertThat(page.locator("#export-vm")).isEnabled();
    }

    @Test
    void anOperatorOperatesVmsButCannotOpenTheNetworkEditorNorCallItsApi() {
        openConsoleAs(new com.microsoft.playwright.Browser.NewContextOptions(), "oper", PASSWORD);
        vmRow("sec-vm").click();
        assertThat(page.locator("#vm-pause")).isEnabled();
        assertThat(page.locator("#new-vm")).isEnabled();
        assertThat(page.locator("#open-networks")).isDisabled();
        assertThat(page.locator("#open-networks")).hasAttribute("data-refused", "NETWORK_MANAGE");
        assertThat(page.locator("#network-editor")).hasCount(0);

        HttpResponse<String> refused = api.as("oper", PASSWORD, "POST", "/networks", "{\"name\":\"lab\",\"vlan\":10}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"code\":\"FORBIDDEN\"").contains("needs the admin role");
    }

    @Test
    void anAnonymousApiCallGets401AndTheConsoleSendsToTheLoginPage() {
        HttpResponse<String> anonymous = api().as(null, null, "GET", "/vms", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"code\":\"UNAUTHENTICATED\"");
        context = browser.newContext();
        page = context.newPage();
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#login-form")).isVisible();
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login$"));
    }

    @Test
    void fiveWrongPasswordsLockTheUserOutWithAMessage() {
        context = browser.newContext();
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        for (int i = 0; i < 5; i++) {
            Browser.submitSignIn(page, port, "locked-out", "wrong-password-" + i);
            assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?error.*"));
        }
        assertThat(page.locator("#login-form")).containsText("Wrong user name or password");
        Browser.submitSignIn(page, port, "locked-out", PASSWORD);
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?error.*"));
        assertThat(page.locator("#login-form")).containsText("Sign-in locked");
        assertThat(page.locator("#login-form")).containsText("locked for 15 minutes");
        assertThat(page.locator("#inventory-tree")).hasCount(0);
    }

    @Test
    void aSignedInUserActsWithTheRoleAnAdminGivesThemAndIsSignedOutWhenDisabled() {
        openConsoleAs(new com.microsoft.playwright.Browser.NewContextOptions(), "changing", PASSWORD);
        assertThat(page.locator("#open-networks")).isDisabled();
        String me = "http://localhost:" + port + "/api/v1/users/me";
        assertThat(page.request().get(me).text()).contains("\"role\":\"OPERATOR\"");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\",\"username\":\"changing\"")
                .matcher(api.get("/users"));
        org.assertj.core.api.Assertions.assertThat(id.find()).isTrue();

        HttpResponse<String> promoted = api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "PATCH", "/users/" + id.group(1),
                "{\"role\":\"ADMIN\"}");
        assertThat(promoted.statusCode()).isEqualTo(200);
        // the same session, its next requests: the console and the API both see the new role
        assertThat(page.request().get(me).text()).contains("\"role\":\"ADMIN\"");
        page.reload();
        assertThat(page.locator("#current-user")).containsText("changing (admin)");
        assertThat(page.locator("#open-networks")).isEnabled();

        HttpResponse<String> disabled = api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "PATCH", "/users/" + id.group(1),
                "{\"enabled\":false}");
        assertThat(disabled.statusCode()).isEqualTo(200);
        com.microsoft.playwright.APIResponse refused = page.request().get(me);
        assertThat(refused.status()).isEqualTo(401);
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#login-form")).isVisible();
    }

    @Test
    void signingOutEndsTheSession() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
        assertThat(page.locator("#current-user")).containsText("admin (admin)");
        page.locator("#logout").click();
        assertThat(page.locator("#login-form")).isVisible();
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#login-form")).isVisible();
    }

    @Test
    void anAdminCreatesAUserWhoThenSignsIn() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
        page.locator("#open-users").click();
        assertThat(page.locator("#users-grid")).containsText("reader");
        input("new-user-name").fill("newbie");
        input("new-user-password").fill("short");
        page.locator("#create-user").click();
        assertThat(errorOf("new-user-password")).containsText("at least 12 characters");
        input("new-user-password").fill("newbie-password-1");
        page.locator("#create-user").click();
        assertThat(page.locator("#users-grid")).containsText("newbie");
        page.locator("#disable-admin").click();
        assertThat(page.locator("vaadin-notification-card").filter(
                new com.microsoft.playwright.Locator.FilterOptions().setHasText("last enabled admin"))).isVisible();
        assertThat(api.as("newbie", "newbie-password-1", "GET", "/users/me", null).body()).contains("READ_ONLY");
    }

    @Test
    void anApiTokenIsShownOnceWorksAsBearerAndStopsWhenRevoked() {
        openConsoleAs(new com.microsoft.playwright.Browser.NewContextOptions(), "oper", PASSWORD);
        page.locator("#open-tokens").click();
        input("new-token-name").fill("nightly");
        page.locator("#create-token").click();
        assertThat(input("new-token-secret")).hasValue(java.util.regex.Pattern.compile("xsv_.{40,}"));
        String secret = input("new-token-secret").inputValue();
        assertThat(page.locator("#tokens-grid")).containsText("nightly");
        assertThat(page.locator("#tokens-grid")).not().containsText(secret);

        HttpResponse<String> used = api.bearer(secret, "GET", "/users/me");
        assertThat(used.statusCode()).isEqualTo(200);
        assertThat(used.body()).contains("\"username\":\"oper\"");
        assertThat(api.bearer(secret, "POST", "/vms/" + java.util.UUID.randomUUID() + "/start").statusCode())
                .as("a read-only token of an operator").isEqualTo(403);

        page.locator("#revoke-nightly").click();
        assertThat(page.locator("#tokens-grid")).containsText("revoked");
        assertThat(api.bearer(secret, "GET", "/vms").statusCode()).isEqualTo(401);
    }

    @Test
    void thePagesCarryTheSecurityHeadersAndTheSessionCookieIsHttpOnlyAndSameSite() {
        context = browser.newContext();
        page = context.newPage();
        Response response = page.navigate("http://localhost:" + port + "/login");
        assertThat(response.allHeaders().get("content-security-policy")).contains("frame-ancestors 'self'");
        assertThat(response.allHeaders().get("x-frame-options")).isEqualTo("SAMEORIGIN");
        assertThat(response.allHeaders()).containsEntry("x-content-type-options", "nosniff");
        Browser.signIn(page, port);
        assertThat(page.locator("#inventory-tree")).isVisible();
        var session = context.cookies().stream().filter(c -> c.name.equals("JSESSIONID")).findFirst().orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(com.microsoft.playwright.options.SameSiteAttribute.STRICT);
    }

    @Test
    void theLoginPageAndTheConsoleHaveEveryPageWideStylesheet() {
        context = browser.newContext();
        page = context.newPage();
        java.util.List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onResponse(r -> {
            if (r.url().contains(".css") && r.status() != 200 && r.status() != 304) { // 304: the browser's copy is current
                refused.add(r.status() + " " + r.url());
            }
        });
        Browser.signIn(page, port);
        assertThat(page.locator("#inventory-tree")).isVisible();
        for (String sheet : List.of("/styles.css", "/migration.css")) {
            assertThat(page.evaluate("s => fetch(s, {redirect: 'manual'}).then(r => r.status)", sheet)).as(sheet).isEqualTo(200);
        }
        assertThat(refused).as("stylesheets the login page and the console asked for").isEmpty();
    }

    private RestClient api() {
        return new RestClient(port);
    }
}
