package org.xensv.webui.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A fresh console with no user and no admin in its environment: the login page says how to start,
 * /setup (from this machine) creates the first admin, and then is gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:setup-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=setup${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory=",
        "xensv.security.admin.username=",
        "xensv.security.admin.password="
})
class SetupE2eTest extends ConsoleInBrowser {

    @Test
    void theFirstAdminIsCreatedOnTheSetupPageWhichIsThenGone() {
        context = browser.newContext();
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#no-users")).containsText("/setup");

        page.navigate("http://localhost:" + port + "/setup");
        input("setup-username").fill("root-admin");
        input("setup-password").fill("short");
        input("setup-confirm").fill("short");
        page.locator("#setup-create").click();
        assertThat(errorOf("setup-password")).containsText("at least 12 characters");
        input("setup-password").fill("first-admin-password");
        input("setup-confirm").fill("first-admin-password");
        page.locator("#setup-create").click();
        assertThat(page.locator("#login-form")).isVisible();

        page.navigate("http://localhost:" + port + "/setup");
        assertThat(page.locator("#login-form")).isVisible();
        assertThat(page.locator("#setup-create")).hasCount(0);

        Browser.signIn(page, port, "root-admin", "first-admin-password");
        assertThat(page.locator("#inventory-tree")).isVisible();
        assertThat(page.locator("#current-user")).containsText("root-admin (admin)");
    }
}
