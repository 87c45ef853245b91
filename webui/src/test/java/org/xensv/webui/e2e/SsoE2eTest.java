package org.xensv.webui.e2e;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xensv.webui.e2e.sso.TestProvider;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on against a real OpenID Connect provider (Spring Authorization Server, started in its own
 * context by {@link TestProvider}): a user signs in through the provider's own login form and lands in
 * the console with the role their {@code groups} claim maps to (an operator's network editor disabled, an
 * admin's enabled); a user whose claim maps to no role, or whose row an admin disabled, is refused with
 * the reason on the login page; each sign-in and refusal is in the audit log; the password sign-in of
 * local users works beside it and is audited too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sso-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=sso${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory=",
        "xensv.sso.client-id=" + TestProvider.CLIENT_ID,
        "xensv.sso.client-secret=" + TestProvider.CLIENT_SECRET,
        "xensv.sso.provider-name=Test IdP",
        "xensv.sso.role-claim=groups",
        "xensv.sso.role-mapping.admin=xensv-admins",
        "xensv.sso.role-mapping.operator=xensv-operators",
        "xensv.sso.role-mapping.read-only=xensv-readers"
})
class SsoE2eTest extends ConsoleInBrowser {

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("xensv.sso.issuer-uri", TestProvider::issuer); // starts the provider before the console
    }

    @Test
    void anOperatorSignsInThroughTheProviderAndCannotOpenTheNetworkEditor() {
        signInThroughProvider("otto");
        assertThat(page.locator("#current-user")).containsText("otto (operator)");
        assertThat(page.locator("#open-networks")).isDisabled();
        assertThat(page.locator("#open-networks")).hasAttribute("data-refused", "NETWORK_MANAGE");
        assertThat(page.locator("#change-password")).isHidden();

        api = new RestClient(port);
        String users = api.get("/users");
        assertThat(users).contains("\"username\":\"otto\"");
        assertThat(userJson(users, "otto")).contains("\"role\":\"OPERATOR\"").contains("\"external\":true");
        String audit = api.get("/audit?operation=user.sign-in&user=otto");
        assertThat(audit).contains("\"outcome\":\"SUCCESS\"").contains("single sign-on").contains("operator");
        // an SSO user has no password here: HTTP Basic with the provider's password is refused
        assertThat(api.as("otto", TestProvider.PASSWORD, "GET", "/vms", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anAdminSignsInThroughTheProviderAndMayOpenTheNetworkEditor() {
        signInThroughProvider("ada");
        assertThat(page.locator("#current-user")).containsText("ada (admin)");
        assertThat(page.locator("#open-networks")).isEnabled();
        page.locator("#open-networks").click();
        assertThat(page.locator("#network-grid")).isVisible();
        assertThat(page.locator("#new-network")).isEnabled();
    }

    @Test
    void aUserWhoseClaimMapsToNoRoleIsRefusedWithTheReason() {
        submitThroughProvider("nobody");
        assertThat(page).hasURL(Pattern.compile(".*/login\\?error.*"));
        assertThat(page.locator("#sso-error")).containsText("has no xensv role");
        assertThat(page.locator("#sso-error")).containsText("'groups' claim maps to none");
        assertThat(page.locator("#inventory-tree")).hasCount(0);

        api = new RestClient(port);
        assertThat(api.get("/users")).doesNotContain("\"username\":\"nobody\"");
        String audit = api.get("/audit?operation=user.sign-in&user=nobody");
        assertThat(audit).contains("\"outcome\":\"REFUSED\"").contains("\"errorCode\":\"NO_ROLE\"");
    }

    @Test
    void aUserAnAdminDisabledIsRefusedAtTheNextSignIn() {
        signInThroughProvider("dora");
        assertThat(page.locator("#current-user")).containsText("dora (operator)");
        context.close();

        api = new RestClient(port);
        String id = idOf(userJson(api.get("/users"), "dora"));
        HttpResponse<String> disabled = api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "PATCH", "/users/" + id,
                "{\"enabled\":false}");
        assertThat(disabled.statusCode()).isEqualTo(200);

        submitThroughProvider("dora");
        assertThat(page).hasURL(Pattern.compile(".*/login\\?error.*"));
        assertThat(page.locator("#sso-error")).containsText("'dora' is disabled in xensv");
        assertThat(api.get("/audit?operation=user.sign-in&user=dora")).contains("\"errorCode\":\"USER_DISABLED\"");
    }

    @Test
    void aLocalUserStillSignsInWithAPasswordAndTheSignInIsAudited() {
        context = browser.newContext();
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        page.navigate("http://127.0.0.1:" + port + "/login");
        assertThat(page.locator("#sso-sign-in")).hasText("Sign in with Test IdP");
        Browser.signIn(page, port);
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#current-user")).containsText("admin (admin)");
        String audit = new RestClient(port).get("/audit?operation=user.sign-in&user=admin");
        assertThat(audit).contains("\"outcome\":\"SUCCESS\"").contains("password");
    }

    /** Signs in at the provider as this user and waits for the console's inventory. */
    private void signInThroughProvider(String user) {
        submitThroughProvider(user);
        page.waitForURL(url -> url.startsWith("http://127.0.0.1:" + port + "/") && !url.contains("/login"),
                new Page.WaitForURLOptions().setTimeout(30_000));
        assertThat(page.locator("#inventory-tree")).isVisible();
    }

    /** Clicks "Sign in with Test IdP" on the console's login page and signs in on the provider's own form. */
    private void submitThroughProvider(String user) {
        context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 900));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        // the console as 127.0.0.1, the provider as localhost: two sites, so their session cookies stay apart
        page.navigate("http://127.0.0.1:" + port + "/login");
        page.locator("#sso-sign-in").click();
        page.waitForURL(url -> url.startsWith(TestProvider.issuer() + "/login"));
        page.locator("input[name='username']").fill(user);
        page.locator("input[name='password']").fill(TestProvider.PASSWORD);
        page.locator("button[type='submit']").click();
        page.waitForURL(url -> url.startsWith("http://127.0.0.1:" + port + "/"), new Page.WaitForURLOptions().setTimeout(30_000));
    }

    /** The JSON object of this user in the users list. */
    private static String userJson(String users, String name) {
        Matcher m = Pattern.compile("\\{[^{}]*\"username\":\"" + name + "\"[^{}]*}").matcher(users);
        assertThat(m.find()).as("user " + name + " in " + users).isTrue();
        return m.group();
    }

    private static String idOf(String json) {
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(json);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
