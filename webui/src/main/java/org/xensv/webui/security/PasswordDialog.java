package org.xensv.webui.security;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.security.AccountService;
import org.xensv.toolstack.security.Grant;
import org.xensv.toolstack.security.PasswordChange;
import org.xensv.webui.Notifications;

/** The signed-in user changes their own password (the current one is asked). */
class PasswordDialog extends Dialog {

    PasswordDialog(AccountService accounts, Grant grant) {
        setHeaderTitle("Change your password");
        setId("password-dialog");
        PasswordField current = new PasswordField("Current password");
        current.setId("current-password");
        PasswordField fresh = new PasswordField("New password");
        fresh.setId("new-password");
        fresh.setHelperText("At least 12 characters, not your user name");
        Button save = new Button("Change", e -> {
            current.setInvalid(false);
            fresh.setInvalid(false);
            try {
                accounts.changeOwnPassword(grant.username(), new PasswordChange(current.getValue(), fresh.getValue()));
            } catch (InvalidValueException ex) {
                PasswordField field = "currentPassword".equals(ex.field()) ? current : fresh;
                field.setErrorMessage(ex.getMessage());
                field.setInvalid(true);
                return;
            } catch (HypervisorException ex) {
                Notifications.error(ex);
                return;
            }
            Notifications.info("Password changed.");
            close();
        });
        save.setId("save-password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new FormLayout(current, fresh));
        getFooter().add(new Button("Cancel", e -> close()), save);
    }
}
