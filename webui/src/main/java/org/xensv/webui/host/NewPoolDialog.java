package org.xensv.webui.host;

import java.util.function.Consumer;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.webui.Notifications;

/**
 * Creates a pool by name (and description): hosts are then added to it with Add host, and it gets
 * its default network at once. Fires the request and shows a refusal at the field it names.
 */
public class NewPoolDialog extends Dialog {

    /** What the user asked for. */
    public record Request(String name, String description) {
    }

    private final TextField name = new TextField("Name");
    private final TextField description = new TextField("Description");
    private final Div error = new Div();

    public NewPoolDialog(Function<Request, PoolView> creator, Consumer<PoolView> onCreated) {
        setId("new-pool-dialog");
        setHeaderTitle("New pool");
        setWidth("480px");
        name.setId("new-pool-name");
        name.setWidthFull();
        name.setHelperText("1 to 64 characters, not used by another pool");
        description.setId("new-pool-description");
        description.setWidthFull();
        error.setId("new-pool-error");
        Button create = new Button("Create", click -> {
            name.setInvalid(false);
            description.setInvalid(false);
            error.setText("");
            try {
                PoolView pool = creator.apply(new Request(name.getValue(), description.getValue()));
                close();
                onCreated.accept(pool);
            } catch (InvalidValueException e) {
                TextField at = "name".equals(e.field()) ? name : "description".equals(e.field()) ? description : null;
                if (at != null) {
                    at.setErrorMessage(e.getMessage());
                    at.setInvalid(true);
                } else {
                    error.setText(e.getMessage());
                }
            } catch (RuntimeException e) {
                Notifications.error(e);
            }
        });
        create.setId("new-pool-submit");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", click -> close()), create);
        add(new VerticalLayout(name, description, error));
    }
}
