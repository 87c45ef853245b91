package org.xensv.webui.tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.xensv.toolstack.tag.TagService;
import org.xensv.toolstack.tag.TaggedKind;

/** The console's tags: the only class of this package that calls the toolstack; editors get its methods. */
@Component
public class TagConsole {

    private final TagService tags;

    TagConsole(TagService tags) {
        this.tags = tags;
    }

    /** An editor of the object's tags. */
    public TagEditor editor(TaggedKind kind, UUID id) {
        org.xensv.toolstack.security.Action action = kind == TaggedKind.VM
                ? org.xensv.toolstack.security.Action.VM_TAGS : org.xensv.toolstack.security.Action.INFRASTRUCTURE_TAGS;
        return new TagEditor(tags.of(kind, id), tag -> tags.add(kind, id, tag), tag -> tags.remove(kind, id, tag), action);
    }

    /**
     * A small button for an editor's grid row that opens the object's tags in a dialog (id
     * {@code tags-<kind>-<name>}, e.g. {@code tags-network-dmz}); {@code onClose} redraws the grid.
     */
    public com.vaadin.flow.component.button.Button button(TaggedKind kind, UUID id, String name, Runnable onClose) {
        var button = new com.vaadin.flow.component.button.Button(com.vaadin.flow.component.icon.VaadinIcon.TAGS.create(),
                e -> open(kind, id, name, onClose));
        button.setId("tags-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + name);
        button.setTooltipText("Tags of " + name);
        button.addThemeVariants(com.vaadin.flow.component.button.ButtonVariant.LUMO_TERTIARY,
                com.vaadin.flow.component.button.ButtonVariant.LUMO_SMALL);
        return button;
    }

    private void open(TaggedKind kind, UUID id, String name, Runnable onClose) {
        var dialog = new com.vaadin.flow.component.dialog.Dialog();
        dialog.setId("tag-dialog");
        dialog.setHeaderTitle("Tags of " + name);
        dialog.add(editor(kind, id));
        var close = new com.vaadin.flow.component.button.Button("Close", e -> dialog.close());
        close.setId("tag-dialog-close");
        dialog.getFooter().add(close);
        dialog.addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                onClose.run();
            }
        });
        dialog.open();
    }

    /** Tags as the text of a grid cell. */
    public static String text(List<String> tags) {
        return tags == null || tags.isEmpty() ? "—" : String.join(", ", tags);
    }

    /** Every host's tags, for the inventory. */
    public Map<UUID, List<String>> hostTags() {
        return tags.ofAll(TaggedKind.HOST);
    }

    /** The tags of every object of a kind, for the editors' grids. */
    public Map<UUID, List<String>> tagsOf(TaggedKind kind) {
        return tags.ofAll(kind);
    }
}
