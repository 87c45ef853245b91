package org.xensv.webui.filter;

import java.util.function.Consumer;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.filter.SavedFilterForm;
import org.xensv.toolstack.filter.SavedFilterView;
import org.xensv.webui.Notifications;

/** Names the search in a box to keep it as a saved filter; a refusal is shown at the field it names. */
class SaveFilterDialog extends Dialog {

    private final TextField name = new TextField("Name");
    private final TextField query = new TextField("Search");

    SaveFilterDialog(String idPrefix, String search, Function<SavedFilterForm, SavedFilterView> saver, Consumer<SavedFilterView> onSaved) {
        setId(idPrefix + "-dialog");
        setHeaderTitle("Save search as a filter");
        setWidth("480px");
        name.setId(idPrefix + "-name");
        name.setWidthFull();
        name.setHelperText("1 to 64 characters, not the name of another of your filters");
        query.setId(idPrefix + "-query");
        query.setWidthFull();
        query.setValue(search == null ? "" : search);
        query.setHelperText("Words of the name, tag:env=prod, state:running, host:h1, pool:lab");
        Button save = new Button("Save", click -> {
            name.setInvalid(false);
            query.setInvalid(false);
            try {
                SavedFilterView saved = saver.apply(new SavedFilterForm(name.getValue(), query.getValue()));
                close();
                onSaved.accept(saved);
            } catch (InvalidValueException e) {
                TextField at = "query".equals(e.field()) ? query : name;
                at.setErrorMessage(e.getMessage());
                at.setInvalid(true);
            } catch (RuntimeException e) {
                Notifications.error(e);
            }
        });
        save.setId(idPrefix + "-submit");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());
        add(new VerticalLayout(name, query));
        getFooter().add(cancel, save);
        name.focus();
    }
}
