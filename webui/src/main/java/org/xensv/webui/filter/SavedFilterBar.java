package org.xensv.webui.filter;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.xensv.toolstack.filter.SavedFilterService;
import org.xensv.toolstack.filter.SavedFilterView;
import org.xensv.toolstack.security.Action;
import org.xensv.webui.Notifications;
import org.xensv.webui.security.Guard;

/**
 * The signed-in user's saved filters beside a search box: pick one to put its search in the box,
 * save the box's search under a name, delete the one picked. The list is read again each time it is
 * opened, so a filter saved from the tree is offered in the VMs grid at once.
 */
public class SavedFilterBar extends Div {

    private final SavedFilterService filters;
    private final ComboBox<SavedFilterView> pick = new ComboBox<>();
    private final Button delete = new Button(VaadinIcon.TRASH.create());

    /**
     * @param idPrefix the ids of its controls start with it ({@code tree-filters}: {@code tree-filters-pick}...)
     * @param current  the search box's text now
     * @param apply    puts a saved search in the box
     */
    public SavedFilterBar(String idPrefix, SavedFilterService filters, Supplier<String> current, Consumer<String> apply) {
        this.filters = filters;
        addClassName("xensv-saved-filters");
        setId(idPrefix);

        pick.setId(idPrefix + "-pick");
        pick.setPlaceholder("Saved filters");
        pick.getElement().setAttribute("aria-label", "Saved filters");
        pick.setItemLabelGenerator(SavedFilterView::name);
        pick.setClearButtonVisible(true);
        pick.getElement().addPropertyChangeListener("opened", "opened-changed", e -> {
            if (Boolean.TRUE.equals(e.getValue())) {
                reload();
            }
        });
        pick.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                apply.accept(e.getValue().query());
            }
            delete.setEnabled(e.getValue() != null && Guard.allows(Action.FILTER_SAVE));
        });

        Button save = new Button(VaadinIcon.BOOKMARK_O.create(), click -> {
            if (Guard.check(Action.FILTER_SAVE)) {
                new SaveFilterDialog(idPrefix, current.get(), filters::save, saved -> {
                    Notifications.info("Saved filter " + saved.name());
                    reload(); // not picked: picking it later puts its search back in the box
                }).open();
            }
        });
        save.setId(idPrefix + "-save");
        save.setTooltipText("Save this search as a filter");
        save.getElement().setAttribute("aria-label", "Save this search as a filter");
        save.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        Guard.apply(save, Action.FILTER_SAVE);

        delete.setId(idPrefix + "-delete");
        delete.setTooltipText("Delete the saved filter picked");
        delete.getElement().setAttribute("aria-label", "Delete the saved filter picked");
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        delete.setEnabled(false);
        delete.addClickListener(click -> confirmDelete());

        add(pick, save, delete);
        addAttachListener(e -> reload());
    }

    private void confirmDelete() {
        SavedFilterView picked = pick.getValue();
        if (picked == null || !Guard.check(Action.FILTER_SAVE)) {
            return;
        }
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-dialog");
        confirm.setHeader("Delete saved filter " + picked.name() + "?");
        confirm.setText("Its search (" + picked.query() + ") stays in the box; only the name goes.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Delete");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                filters.delete(picked.id());
                Notifications.info("Deleted saved filter " + picked.name());
            } catch (RuntimeException ex) {
                Notifications.error(ex);
            }
            pick.clear();
            reload();
        });
        confirm.open();
    }

    private void reload() {
        SavedFilterView picked = pick.getValue();
        List<SavedFilterView> mine;
        try {
            mine = filters.mine();
        } catch (RuntimeException e) {
            mine = List.of(); // a user without an account of their own (never in practice) has none
        }
        pick.setItems(mine);
        if (picked != null) {
            mine.stream().filter(f -> f.id().equals(picked.id())).findFirst().ifPresentOrElse(pick::setValue, pick::clear);
        }
    }
}
