package org.xensv.webui.qos;

import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.combobox.ComboBox;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.qos.QosValue;

/** The QoS policy picker of the VM, VIF and disk forms, and how the tabs say where a value comes from. */
public final class QosPicker {

    private QosPicker() {
    }

    /** A clearable picker of the policies (empty = no policy). */
    public static ComboBox<QosSettings> of(List<QosSettings> policies) {
        ComboBox<QosSettings> picker = new ComboBox<>("QoS policy");
        picker.setItems(policies);
        picker.setItemLabelGenerator(QosSettings::name);
        picker.setClearButtonVisible(true);
        picker.setHelperText("Empty: no policy");
        return picker;
    }

    public static void select(ComboBox<QosSettings> picker, UUID policyId) {
        picker.getListDataView().getItems().filter(p -> p.id().equals(policyId)).findFirst().ifPresent(picker::setValue);
    }

    public static UUID idOf(ComboBox<QosSettings> picker) {
        return picker.getValue() == null ? null : picker.getValue().id();
    }

    /** "10000Kb/s@50ms (policy Gold)", "unlimited (default)". */
    public static String describe(QosValue<?> value, String whenNone) {
        Object v = value.value();
        boolean none = v == null || (v instanceof Number n && n.longValue() == 0);
        return (none ? whenNone : String.valueOf(v)) + " (" + value.sourceLabel() + ")";
    }
}
