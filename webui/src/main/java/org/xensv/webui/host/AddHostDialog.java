package org.xensv.webui.host;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.webui.Notifications;

/**
 * Adds a host by its URI: an embedded host of this console, or a libvirt host. Fires the request and
 * shows a refusal at the field it names; the view calls the toolstack.
 */
public class AddHostDialog extends Dialog {

    /** What the user asked for. */
    public record Request(PoolView pool, String name, String uri) {
    }

    private final Select<PoolView> pool = new Select<>();
    private final TextField name = new TextField("Name");
    private final TextField uri = new TextField("URI");
    private final Div error = new Div();

    public AddHostDialog(List<PoolView> pools, Function<Request, HostView> adder, Consumer<HostView> onAdded) {
        setId("add-host-dialog");
        setHeaderTitle("Add a host");
        setWidth("560px");
        pool.setId("add-host-pool");
        pool.setLabel("Pool");
        pool.setItems(pools);
        pool.setItemLabelGenerator(PoolView::name);
        pools.stream().findFirst().ifPresent(pool::setValue);
        name.setId("add-host-name");
        name.setWidthFull();
        uri.setId("add-host-uri");
        uri.setWidthFull();
        uri.setPlaceholder("qemu:///system");
        uri.setHelperText(HostService.URIS);
        error.setId("add-host-error");

        Button add = new Button("Add", click -> {
            name.setInvalid(false);
            uri.setInvalid(false);
            error.setText("");
            try {
                HostView host = adder.apply(new Request(pool.getValue(), name.getValue(), uri.getValue()));
                close();
                onAdded.accept(host);
            } catch (InvalidValueException e) {
                TextField at = "name".equals(e.field()) ? name : "uri".equals(e.field()) ? uri : null;
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
        add.setId("add-host-submit");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());
        getFooter().add(cancel, add);
        add(new VerticalLayout(pool, name, uri, error));
    }
}
