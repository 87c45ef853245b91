package org.xensv.webui.e2e;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a browser test fails, adds to its failure where the page was and what it showed (its URL and
 * the start of its text), taken before the test's browser context is closed: the build's output is
 * often all there is of a failure on another machine.
 */
final class PageOnFailure implements TestExecutionExceptionHandler {

    /** Enough of the page's text to tell a console from a login page or an error page. */
    private static final int TEXT_SHOWN = 1_500;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Page page = context.getTestInstance()
                .filter(ConsoleInBrowser.class::isInstance)
                .map(test -> ((ConsoleInBrowser) test).page)
                .orElse(null);
        if (page == null || page.isClosed()) {
            throw failure;
        }
        AssertionError described = new AssertionError(failure.getMessage() + "\n" + describe(page), failure);
        described.setStackTrace(failure.getStackTrace());
        throw described;
    }

    private static String describe(Page page) {
        try {
            String text = page.locator("body").innerText(new com.microsoft.playwright.Locator.InnerTextOptions().setTimeout(5_000));
            String shown = text.length() > TEXT_SHOWN ? text.substring(0, TEXT_SHOWN) + "…" : text;
            return "The page was at " + page.url() + ", showing:\n" + shown.strip();
        } catch (RuntimeException e) {
            return "The page was at " + page.url() + " (its text could not be read: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }
}
