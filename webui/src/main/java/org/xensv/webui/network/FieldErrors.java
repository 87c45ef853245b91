package org.xensv.webui.network;

import java.util.Map;

import com.vaadin.flow.component.HasValidation;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.webui.Notifications;

/** Shows a refused save on the field it names (or as a notification when it names no field of the form). */
public final class FieldErrors {

    private FieldErrors() {
    }

    public static void clear(Map<String, ? extends HasValidation> fields) {
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }

    public static void show(RuntimeException e, Map<String, ? extends HasValidation> fields) {
        if (e instanceof InvalidValueException invalid && fields.containsKey(invalid.field())) {
            HasValidation field = fields.get(invalid.field());
            field.setErrorMessage(invalid.getMessage());
            field.setInvalid(true);
        } else if (e instanceof HypervisorException) {
            Notifications.error(e);
        } else {
            Notifications.error(e);
        }
    }
}
