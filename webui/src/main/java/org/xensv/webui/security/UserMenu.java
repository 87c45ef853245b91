package org.xensv.webui.security;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.spring.security.AuthenticationContext;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.security.AccountService;
import org.xensv.toolstack.security.ApiTokenService;
import org.xensv.toolstack.security.Action;
import org.xensv.toolstack.security.Grant;

/** The header's right end: who is signed in and as what, the users (admins), their password and API tokens, and sign out. */
public class UserMenu extends Div {

    public UserMenu(Grant grant, AccountService accounts, ApiTokenService tokens, AuthenticationContext authentication) {
        addClassName("xensv-user-menu");
        getStyle().set("margin-left", "auto").set("display", "flex").set("align-items", "center").set("gap", "0.5rem");
        Span who = new Span(VaadinIcon.USER.create(), new Span(" " + grant.username() + " (" + grant.role().label() + ")"));
        who.setId("current-user");
        Button users = new Button("Users", VaadinIcon.USERS.create(), e -> {
            if (Guard.check(Action.USER_MANAGE)) {
                new UsersDialog(accounts, grant).open();
            }
        });
        users.setId("open-users");
        Guard.apply(users, Action.USER_MANAGE);
        Button password = new Button("Password", VaadinIcon.KEY.create(), e -> new PasswordDialog(accounts, grant).open());
        password.setId("change-password");
        // a single sign-on user's password is the provider's
        password.setVisible(!external(accounts, grant));
        Button apiTokens = new Button("API tokens", VaadinIcon.CODE.create(), e -> new TokensDialog(tokens, grant).open());
        apiTokens.setId("open-tokens");
        Button logout = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), e -> authentication.logout());
        logout.setId("logout");
        for (Button b : new Button[] {users, password, apiTokens, logout}) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        }
        add(who, users, password, apiTokens, logout);
    }

    private static boolean external(AccountService accounts, Grant grant) {
        try {
            return accounts.byName(grant.username()).external();
        } catch (NotFoundException e) {
            return false;
        }
    }
}
