package org.xensv.webui.tag;

import java.util.List;
import java.util.function.Function;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.webui.Notifications;

/**
 * An object's tags as chips, each with a remove button, and a field to add one. It calls the
 * functions it is given (which answer the object's tags after the change) and shows a refused tag
 * at the field with the rule it broke.
 */
public class TagEditor extends Div {

    private final Div chips = new Div();
    private final TextField input = new TextField();
    private final Function<String, List<String>> remove;
    private final org.xensv.toolstack.security.Action action;

    public TagEditor(List<String> tags, Function<String, List<String>> add, Function<String, List<String>> remove,
                     org.xensv.toolstack.security.Action action) {
        this.remove = remove;
        this.action = action;
        addClassName("xensv-tag-editor");
        setId("tag-editor");
        chips.addClassName("tag-chips");
        input.setId("tag-input");
        input.setPlaceholder("Add a tag, e.g. env=prod");
        input.getElement().setAttribute("aria-label", "New tag");
        input.setManualValidation(true);
        Button addButton = new Button("Add tag", VaadinIcon.TAG.create(), e -> add(add));
        addButton.setId("tag-add");
        org.xensv.webui.security.Guard.apply(addButton, action);
        org.xensv.webui.security.Guard.apply(input, action);
        addButton.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        input.addKeyDownListener(Key.ENTER, e -> add(add));
        Div row = new Div(input, addButton);
        row.addClassName("tag-add-row");
        add(chips, row);
        show(tags);
    }

    private void add(Function<String, List<String>> add) {
        if (!org.xensv.webui.security.Guard.check(action)) {
            return;
        }
        try {
            show(add.apply(input.getValue()));
            input.clear();
            input.setInvalid(false);
        } catch (InvalidValueException e) {
            Object rule = e.params().get("rule");
            String text = rule == null ? e.getMessage() : rule.toString();
            input.setErrorMessage(Character.toUpperCase(text.charAt(0)) + text.substring(1));
            input.setInvalid(true);
        } catch (HypervisorException e) {
            Notifications.error(e);
        }
    }

    private void show(List<String> tags) {
        chips.removeAll();
        if (tags.isEmpty()) {
            Span none = new Span("No tags");
            none.addClassName("tag-none");
            chips.add(none);
        }
        for (String tag : tags) {
            Span chip = new Span(new Span(tag));
            chip.addClassName("tag-chip");
            chip.getElement().setAttribute("data-tag", tag);
            Button x = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
                if (!org.xensv.webui.security.Guard.check(action)) {
                    return;
                }
                try {
                    show(remove.apply(tag));
                } catch (HypervisorException ex) {
                    Notifications.error(ex);
                }
            });
            x.addClassName("tag-remove");
            x.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
            x.getElement().setAttribute("aria-label", "Remove tag " + tag);
            chip.add(x);
            chips.add(chip);
        }
    }
}
