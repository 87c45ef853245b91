package org.xensv.webui.security;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.security.AccountService;
import org.xensv.webui.Notifications;

/**
 * The one-time page that creates the first admin. It answers only to a browser on the console's own
 * machine, and only while no user exists: afterwards it is gone (it sends to the login page), and from
 * any other address it does not exist (404).
 */
@Route(value = "setup", autoLayout = false)
@PageTitle("First admin · xensv")
@AnonymousAllowed
public class SetupView extends VerticalLayout implements BeforeEnterObserver {

    private final AccountService accounts;
    private final TextField username = new TextField("Admin user name");
    private final PasswordField password = new PasswordField("Password");
    private final PasswordField confirm = new PasswordField("Password again");

    public SetupView(AccountService accounts) {
        this.accounts = accounts;
        setAlignItems(FlexComponent.Alignment.CENTER);
        username.setId("setup-username");
        password.setId("setup-password");
        password.setHelperText("At least 12 characters, not the user name");
        confirm.setId("setup-confirm");
        Button create = new Button("Create admin", e -> create());
        create.setId("setup-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new H1("Welcome to xensv"),
                new Paragraph("No user exists yet. Create the first admin; this page disappears once it exists."),
                username, password, confirm, create);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!fromThisMachine()) {
            event.rerouteToError(NotFoundException.class);
        } else if (accounts.anyExists()) {
            event.forwardTo(LoginView.class);
        }
    }

    private void create() {
        if (!fromThisMachine() || accounts.anyExists()) {
            getUI().ifPresent(ui -> ui.navigate(LoginView.class));
            return;
        }
        username.setInvalid(false);
        password.setInvalid(false);
        confirm.setInvalid(false);
        if (!password.getValue().equals(confirm.getValue())) {
            confirm.setErrorMessage("The two passwords differ");
            confirm.setInvalid(true);
            return;
        }
        try {
            accounts.createFirstAdmin(username.getValue(), password.getValue());
        } catch (InvalidValueException e) {
            TextField field = "username".equals(e.field()) ? username : null;
            if (field != null) {
                field.setErrorMessage(e.getMessage());
                field.setInvalid(true);
            } else {
                password.setErrorMessage(e.getMessage());
                password.setInvalid(true);
            }
            return;
        } catch (HypervisorException e) {
            Notifications.error(e);
            return;
        }
        Notifications.info("Admin '" + username.getValue().trim() + "' created: sign in with it.");
        getUI().ifPresent(ui -> ui.navigate(LoginView.class));
    }

    private static boolean fromThisMachine() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request != null && Loopback.isLocal(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"),
                request.getHeader("Forwarded"));
    }
}
