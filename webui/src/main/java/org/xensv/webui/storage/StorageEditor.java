package org.xensv.webui.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.storage.ImageSpec;
import org.xensv.toolstack.storage.ImageView;
import org.xensv.toolstack.storage.SrView;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.webui.tag.TagConsole;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.webui.Notifications;

/**
 * The storage editor: every repository with its capacity and free space, and the images of the one
 * selected, with upload (raw, qcow2 or ISO, streamed into the repository), new blank disk, clone,
 * resize and delete. Every action goes through the storage service, which checks it.
 */
class StorageEditor extends Dialog {

    private final StorageService storage;
    private final Grid<SrView> srs = new Grid<>(SrView.class, false);
    private final Grid<ImageView> images = new Grid<>(ImageView.class, false);
    private final TextField name = new TextField("Name");
    private final IntegerField size = new IntegerField("Size (MiB)");
    private final Select<String> format = new Select<>();
    private final Span status = new Span();
    private final TagConsole tags;
    private java.util.Map<java.util.UUID, List<String>> imageTags = java.util.Map.of();

    StorageEditor(StorageService storage, TagConsole tags) {
        this.storage = storage;
        this.tags = tags;
        setId("storage-editor");
        setHeaderTitle("Storage");
        setWidth("1100px");
        setResizable(true);

        srs.setId("sr-grid");
        srs.addColumn(SrView::name).setHeader("Repository").setAutoWidth(true);
        srs.addColumn(sr -> sr.kind().name().toLowerCase() + (sr.hostName() == null ? "" : " (" + sr.hostName() + ")")).setHeader("Kind").setAutoWidth(true);
        srs.addComponentColumn(StorageEditor::spaceBar).setHeader("Free / capacity").setWidth("260px");
        srs.addColumn(SrView::images).setHeader("Images").setAutoWidth(true);
        srs.addColumn(SrView::path).setHeader("Directory").setFlexGrow(1);
        srs.setAllRowsVisible(true);
        srs.addSelectionListener(e -> showImages());

        images.setId("image-grid");
        images.addColumn(ImageView::name).setHeader("Image").setAutoWidth(true);
        images.addColumn(i -> i.format().name()).setHeader("Format").setAutoWidth(true);
        images.addColumn(i -> Sizes.of(i.sizeBytes())).setHeader("Size").setAutoWidth(true);
        images.addColumn(i -> i.attachedTo().isEmpty() ? "—" : String.join(", ", i.attachedTo())).setHeader("Attached to").setFlexGrow(1);
        images.addColumn(i -> TagConsole.text(imageTags.get(i.id()))).setHeader("Tags").setAutoWidth(true);
        images.addComponentColumn(i -> tags.button(TaggedKind.IMAGE, i.id(), i.name(), this::showImages)).setAutoWidth(true).setFlexGrow(0);
        images.setHeight("240px");

        name.setId("image-name");
        name.setHelperText("for a new blank disk, a clone, or an upload (else the file's name)");
        size.setId("image-size");
        size.setMin(1);
        format.setId("upload-format");
        format.setLabel("Upload as");
        format.setItems("from file name", "RAW", "QCOW2", "ISO");
        format.setValue("from file name");

        Button blank = button("New blank disk", "image-blank", this::createBlank);
        Button clone = button("Clone", "image-clone", this::cloneImage);
        Button resize = button("Resize", "image-resize", this::resize);
        Button delete = button("Delete", "image-delete", this::delete);
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);

        Upload upload = new Upload(new ImageUpload());
        upload.setId("image-upload");
        upload.setMaxFiles(1);
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, storage.maxUploadBytes()));
        upload.setDropAllowed(true);
        upload.addFileRejectedListener(e -> Notifications.error("file " + e.getErrorMessage()));
        status.setId("storage-status");

        HorizontalLayout form = new HorizontalLayout(name, size, blank, clone, resize, delete);
        form.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        HorizontalLayout uploadRow = new HorizontalLayout(format, upload);
        uploadRow.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        Div limit = new Div("Upload a raw disk, a qcow2 image (converted to raw; backing files refused) or an ISO, up to "
                + Sizes.of(storage.maxUploadBytes()) + " and the repository's free space.");
        limit.addClassName("xensv-hint");
        VerticalLayout content = new VerticalLayout(new H4("Repositories"), srs, new H4("Images"), images, form, uploadRow, limit, status);
        content.setPadding(false);
        add(content);
        getFooter().add(new Button("Close", e -> close()));
        refresh();
        srs.getListDataView().getItems().findFirst().ifPresent(srs::select);
    }

    private static Div spaceBar(SrView sr) {
        ProgressBar bar = new ProgressBar(0, 1, sr.capacityBytes() == 0 ? 0 : 1 - (double) sr.freeBytes() / sr.capacityBytes());
        Div text = new Div(Sizes.of(sr.freeBytes()) + " free of " + Sizes.of(sr.capacityBytes()));
        text.addClassName("xensv-hint");
        return new Div(bar, text);
    }

    private static Button button(String label, String id, Runnable action) {
        Button b = new Button(label, e -> action.run());
        b.setId(id);
        b.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return b;
    }

    private void refresh() {
        Optional<SrView> selected = srs.getSelectedItems().stream().findFirst();
        List<SrView> all = storage.listRepositories();
        srs.setItems(all);
        selected.flatMap(s -> all.stream().filter(x -> x.id().equals(s.id())).findFirst()).ifPresent(srs::select);
        showImages();
    }

    private void showImages() {
        imageTags = tags.tagsOf(TaggedKind.IMAGE);
        images.setItems(selectedSr().map(sr -> storage.listImages(sr.id())).orElse(List.of()));
    }

    private Optional<SrView> selectedSr() {
        return srs.getSelectedItems().stream().findFirst();
    }

    private Optional<ImageView> selectedImage() {
        Optional<ImageView> image = images.getSelectedItems().stream().findFirst();
        if (image.isEmpty()) {
            Notifications.error("Select an image first.");
        }
        return image;
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            status.setText(done);
            Notifications.info(done);
        } catch (HypervisorException e) {
            status.setText(e.getMessage());
            Notifications.error(e);
        }
        refresh();
    }

    private void createBlank() {
        Long mib = size.getValue() == null ? null : size.getValue().longValue();
        act(() -> storage.createBlank(new ImageSpec(selectedSr().map(SrView::id).orElse(null), name.getValue(), null, mib)),
                "Created blank disk " + name.getValue());
    }

    private void cloneImage() {
        selectedImage().ifPresent(i -> act(() -> storage.cloneImage(i.id(), name.getValue()), "Cloned " + i.name() + " as " + name.getValue()));
    }

    private void resize() {
        Long mib = size.getValue() == null ? null : size.getValue().longValue();
        selectedImage().ifPresent(i -> act(() -> storage.resize(i.id(), mib), "Resized " + i.name() + " to " + mib + " MiB"));
    }

    private void delete() {
        selectedImage().ifPresent(i -> act(() -> storage.deleteImage(i.id()), "Deleted " + i.name()));
    }

    /** Streams the browser's upload into the selected repository through the storage service. */
    private final class ImageUpload implements UploadHandler {

        @Override
        public void handleUploadRequest(UploadEvent event) throws IOException {
            UI ui = event.getUI();
            // what the form says, read under the session lock; the stream itself is read outside it
            java.util.concurrent.atomic.AtomicReference<String[]> form = new java.util.concurrent.atomic.AtomicReference<>();
            ui.accessSynchronously(() -> form.set(new String[] {
                    selectedSr().map(sr -> sr.id().toString()).orElse(null), name.getValue(),
                    format.getValue() == null || format.getValue().startsWith("from") ? null : format.getValue()}));
            java.util.UUID srId = form.get()[0] == null ? null : java.util.UUID.fromString(form.get()[0]);
            try (InputStream in = event.getInputStream()) {
                ImageView image = storage.importImage(srId, form.get()[1], form.get()[2], event.getFileName(), in);
                ui.access(() -> {
                    status.setText("Uploaded " + image.name() + " (" + image.format() + ", " + Sizes.of(image.sizeBytes()) + ")");
                    Notifications.info("Uploaded " + image.name());
                    refresh();
                });
            } catch (HypervisorException e) {
                ui.access(() -> {
                    status.setText("Upload refused: " + e.getMessage());
                    Notifications.error(e);
                    refresh();
                });
            }
        }

        @Override
        public long getFileSizeMax() {
            return storage.maxUploadBytes();
        }
    }
}
