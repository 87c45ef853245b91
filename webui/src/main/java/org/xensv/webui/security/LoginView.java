package org.xensv.webui.security;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.xensv.toolstack.security.AccountService;

/**
 * Sign in with a user name and password (Spring Security's form login behind Vaadin's LoginForm), or,
 * when single sign-on is configured, with the provider ("Sign in with ..."). A failed attempt says why:
 * a wrong password, a disabled user, a lockout and for how long, or why the provider's user was refused.
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · xensv")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();
    private final Paragraph noUsers = new Paragraph();
    private final Paragraph ssoError = new Paragraph();
    private final AccountService accounts;
    private final SsoSettings sso;

    public LoginView(AccountService accounts, SsoSettings sso) {
        this.accounts = accounts;
        this.sso = sso;
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        form.setId("login-form");
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        noUsers.setId("no-users");
        noUsers.setVisible(false);
        noUsers.getStyle().set("max-width", "28rem");
        // the console's own mark, as in its header; it also has the browser load the icon set while the
        // admin types, rather than after signing in, when the inventory waits for it
        Icon mark = VaadinIcon.CLUSTER.create();
        mark.getStyle().set("margin-right", "var(--lumo-space-s)");
        add(new H1(mark, new Span("xensv")), form);
        if (sso.enabled()) {
            // a plain link (router-ignore): the redirect to the provider is Spring Security's, not a view
            Anchor signIn = new Anchor(sso.signInPath(), "Sign in with " + sso.providerName());
            signIn.setId("sso-sign-in");
            signIn.setRouterIgnore(true);
            signIn.getElement().getThemeList().add("primary");
            signIn.getStyle().set("font-weight", "600");
            ssoError.setId("sso-error");
            ssoError.setVisible(false);
            ssoError.getStyle().set("max-width", "28rem").set("color", "var(--lumo-error-text-color)");
            add(signIn, ssoError);
        }
        add(noUsers);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean none = !accounts.anyExists();
        noUsers.setVisible(none);
        if (none) {
            int port = VaadinRequest.getCurrent() instanceof VaadinServletRequest servlet ? servlet.getLocalPort() : 8080;
            noUsers.setText("No user exists yet. Open http://localhost:" + port + "/setup in a browser on the console's machine "
                    + "to create the first admin, or start the console with XENSV_ADMIN_USERNAME and XENSV_ADMIN_PASSWORD set.");
        }
        if (event.getLocation().getQueryParameters().getParameters().containsKey("error")) {
            showFailure(lastFailure());
        }
    }

    private void showFailure(Object failure) {
        if (failure instanceof AuthenticationException ssoFailure && sso.enabled()
                && (ssoFailure instanceof OAuth2AuthenticationException || ssoFailure.getCause() instanceof IllegalStateException)) {
            ssoError.setText(SsoMessages.of(ssoFailure, sso.providerName()));
            ssoError.setVisible(true);
            return;
        }
        LoginI18n i18n = LoginI18n.createDefault();
        LoginI18n.ErrorMessage error = new LoginI18n.ErrorMessage();
        if (failure instanceof LockedException locked) {
            error.setTitle("Sign-in locked");
            error.setMessage(locked.getMessage());
        } else if (failure instanceof DisabledException) {
            error.setTitle("User disabled");
            error.setMessage("This user is disabled: ask an admin.");
        } else {
            error.setTitle("Wrong user name or password");
            error.setMessage("Check them and try again. After 5 failures the user is locked out for a while.");
        }
        i18n.setErrorMessage(error);
        form.setI18n(i18n);
        form.setError(true);
    }

    private static Object lastFailure() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null || session.getSession() == null ? null
                : session.getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }
}
