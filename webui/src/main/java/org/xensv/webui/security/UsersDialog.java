package org.xensv.webui.security;

import java.util.UUID;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.security.AccountChange;
import org.xensv.toolstack.security.AccountService;
import org.xensv.toolstack.security.AccountView;
import org.xensv.toolstack.security.Grant;
import org.xensv.toolstack.security.NewAccount;
import org.xensv.toolstack.security.Role;
import org.xensv.webui.Notifications;

/**
 * Admins manage users: create one with a role and a first password, change a role, disable or enable,
 * reset a password. The toolstack refuses to leave no enabled admin and says so.
 */
class UsersDialog extends Dialog {

    private final AccountService accounts;
    private final Grid<AccountView> grid = new Grid<>();

    UsersDialog(AccountService accounts, Grant grant) {
        this.accounts = accounts;
        setHeaderTitle("Users");
        setId("users-dialog");
        setWidth("56rem");
        grid.setId("users-grid");
        grid.addColumn(AccountView::username).setHeader("User").setAutoWidth(true);
        grid.addComponentColumn(this::roleOf).setHeader("Role").setAutoWidth(true);
        grid.addColumn(a -> a.enabled() ? "enabled" : "disabled").setHeader("State").setAutoWidth(true);
        grid.addColumn(a -> a.external() ? "single sign-on" : "password").setHeader("Signs in with").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(newUserRow(), grid);
        getFooter().add(new Button("Close", e -> close()));
        refresh();
    }

    private void refresh() {
        grid.setItems(accounts.list());
    }

    private Component newUserRow() {
        TextField name = new TextField("User name");
        name.setId("new-user-name");
        PasswordField password = new PasswordField("First password");
        password.setId("new-user-password");
        ComboBox<Role> role = new ComboBox<>("Role");
        role.setId("new-user-role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::label);
        role.setValue(Role.READ_ONLY);
        Button create = new Button("Create user", e -> {
            name.setInvalid(false);
            password.setInvalid(false);
            try {
                accounts.create(new NewAccount(name.getValue(), password.getValue(), role.getValue()));
            } catch (InvalidValueException ex) {
                com.vaadin.flow.component.HasValidation field = "username".equals(ex.field()) ? name : password;
                field.setErrorMessage(ex.getMessage());
                field.setInvalid(true);
                return;
            } catch (HypervisorException ex) {
                Notifications.error(ex);
                return;
            }
            Notifications.info("User '" + name.getValue().trim() + "' created.");
            name.clear();
            password.clear();
            refresh();
        });
        create.setId("create-user");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        Div row = new Div(name, password, role, create);
        row.getStyle().set("display", "flex").set("gap", "0.5rem").set("align-items", "baseline").set("flex-wrap", "wrap");
        return row;
    }

    private Component roleOf(AccountView account) {
        Select<Role> role = new Select<>();
        role.setItems(Role.values());
        role.setItemLabelGenerator(Role::label);
        role.setValue(account.role());
        role.setId("role-" + account.username());
        role.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                change(account.id(), new AccountChange(e.getValue(), null, null, account.version()));
            }
        });
        return role;
    }

    private Component actions(AccountView account) {
        Button toggle = new Button(account.enabled() ? "Disable" : "Enable",
                e -> change(account.id(), new AccountChange(null, !account.enabled(), null, account.version())));
        toggle.setId((account.enabled() ? "disable-" : "enable-") + account.username());
        Button reset = new Button("Reset password", e -> resetPassword(account));
        reset.setId("reset-" + account.username());
        reset.setVisible(!account.external()); // no password here: the provider's
        for (Button b : new Button[] {toggle, reset}) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        }
        return new Div(toggle, reset);
    }

    private void resetPassword(AccountView account) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New password for " + account.username());
        PasswordField password = new PasswordField("New password");
        password.setId("reset-password");
        password.setHelperText("At least 12 characters; tell it to the user, who can change it");
        Button save = new Button("Set password", e -> {
            try {
                accounts.change(account.id(), new AccountChange(null, null, password.getValue()));
            } catch (InvalidValueException ex) {
                password.setErrorMessage(ex.getMessage());
                password.setInvalid(true);
                return;
            } catch (HypervisorException ex) {
                Notifications.error(ex);
                return;
            }
            Notifications.info("Password of '" + account.username() + "' reset.");
            dialog.close();
        });
        save.setId("save-reset-password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(password);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    /** A role or enabled change on the user as this dialog shows it: refused as stale if another admin changed it since. */
    private void change(UUID id, AccountChange change) {
        try {
            accounts.change(id, change);
        } catch (HypervisorException ex) {
            Notifications.error(ex);
        }
        refresh();
    }
}
