package org.xensv.webui.security;

import java.util.Arrays;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.security.ApiTokenService;
import org.xensv.toolstack.security.ApiTokenView;
import org.xensv.toolstack.security.CreatedApiToken;
import org.xensv.toolstack.security.Grant;
import org.xensv.toolstack.security.NewApiToken;
import org.xensv.toolstack.security.Role;
import org.xensv.webui.Notifications;

/** The signed-in user's API tokens: create one (its secret shown once), see them, revoke one. */
class TokensDialog extends Dialog {

    private final ApiTokenService tokens;
    private final Grid<ApiTokenView> grid = new Grid<>();
    private final TextField secret = new TextField("New token (copy it now: it is not shown again)");

    TokensDialog(ApiTokenService tokens, Grant grant) {
        this.tokens = tokens;
        setHeaderTitle("API tokens");
        setId("tokens-dialog");
        setWidth("56rem");
        grid.setId("tokens-grid");
        grid.addColumn(ApiTokenView::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(t -> t.role().label()).setHeader("Role").setAutoWidth(true);
        grid.addColumn(t -> t.expiresAt() == null ? "never" : t.expiresAt().toString()).setHeader("Expires").setAutoWidth(true);
        grid.addColumn(t -> t.revokedAt() != null ? "revoked" : "active").setHeader("State").setAutoWidth(true);
        grid.addComponentColumn(this::revokeButton).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        secret.setId("new-token-secret");
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.setVisible(false);
        add(new Paragraph("Scripts send a token as 'Authorization: Bearer <token>'. It acts with its own role, "
                + "never more than yours."), newTokenRow(grant), secret, grid);
        getFooter().add(new Button("Close", e -> close()));
        refresh();
    }

    private void refresh() {
        grid.setItems(tokens.mine());
    }

    private Component newTokenRow(Grant grant) {
        TextField name = new TextField("Name");
        name.setId("new-token-name");
        Select<Role> role = new Select<>();
        role.setLabel("Role");
        role.setId("new-token-role");
        role.setItems(Arrays.stream(Role.values()).filter(r -> grant.role().covers(r)).toList());
        role.setItemLabelGenerator(Role::label);
        role.setValue(Role.READ_ONLY);
        IntegerField days = new IntegerField("Expires in days");
        days.setId("new-token-days");
        days.setHelperText("Empty: never");
        Button create = new Button("Create token", e -> {
            name.setInvalid(false);
            days.setInvalid(false);
            CreatedApiToken created;
            try {
                created = tokens.create(new NewApiToken(name.getValue(), role.getValue(), days.getValue()));
            } catch (InvalidValueException ex) {
                if ("expiresInDays".equals(ex.field())) {
                    days.setErrorMessage(ex.getMessage());
                    days.setInvalid(true);
                } else {
                    name.setErrorMessage(ex.getMessage());
                    name.setInvalid(true);
                }
                return;
            } catch (HypervisorException ex) {
                Notifications.error(ex);
                return;
            }
            secret.setValue(created.secret());
            secret.setVisible(true);
            name.clear();
            refresh();
        });
        create.setId("create-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        Div row = new Div(name, role, days, create);
        row.getStyle().set("display", "flex").set("gap", "0.5rem").set("align-items", "baseline").set("flex-wrap", "wrap");
        return row;
    }

    private Component revokeButton(ApiTokenView token) {
        Button revoke = new Button("Revoke", e -> {
            try {
                tokens.revoke(token.id());
            } catch (HypervisorException ex) {
                Notifications.error(ex);
            }
            refresh();
        });
        revoke.setId("revoke-" + token.name());
        revoke.setEnabled(token.revokedAt() == null);
        revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        return revoke;
    }
}
