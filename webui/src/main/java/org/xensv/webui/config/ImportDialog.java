package org.xensv.webui.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.config.ConfigFileException;
import org.xensv.toolstack.config.ConfigFormat;
import org.xensv.toolstack.config.ConfigProblem;
import org.xensv.toolstack.config.ImportedVm;
import org.xensv.toolstack.config.VmConfigService;

/**
 * Import of an xl.cfg file or libvirt domain XML: upload or paste it, optionally name the new VM and
 * start it, and see every problem with its line; after the import, the settings not taken as written.
 */
public class ImportDialog extends Dialog {

    /** What the user asked to import. */
    public record Request(ConfigFormat format, String text, String name, boolean start) {
    }

    private final Select<ConfigFormat> format = new Select<>();
    private final TextField name = new TextField("Name of the new VM");
    private final TextArea text = new TextArea("File");
    private final Checkbox start = new Checkbox("Start the VM after the import");
    private final Div errors = new Div();
    private final Button importButton = new Button("Import");
    private final Function<Request, ImportedVm> importer;
    private final Consumer<ImportedVm> onImported;

    public ImportDialog(Function<Request, ImportedVm> importer, Consumer<ImportedVm> onImported) {
        this.importer = importer;
        this.onImported = onImported;
        setId("import-dialog");
        setHeaderTitle("Import a VM");
        setWidth("680px");

        format.setId("import-format");
        format.setLabel("Format");
        format.setItems(ConfigFormat.values());
        format.setItemLabelGenerator(ConfigFormat::label);
        format.setValue(ConfigFormat.XL);

        name.setId("import-name");
        name.setPlaceholder("the file's name");
        name.setClearButtonVisible(true);

        text.setId("import-text");
        text.setWidthFull();
        text.setMinHeight("220px");
        text.setMaxHeight("360px");
        text.setPlaceholder("Paste an xl.cfg file or a libvirt <domain> here, or upload one");
        text.getStyle().set("font-family", "monospace");

        Upload upload = new Upload(UploadHandler.inMemory((metadata, bytes) -> getUI().ifPresent(ui -> ui.access(() -> {
            text.setValue(new String(bytes, StandardCharsets.UTF_8));
            String file = metadata.fileName() == null ? "" : metadata.fileName().toLowerCase(Locale.ROOT);
            format.setValue(file.endsWith(".xml") ? ConfigFormat.LIBVIRT : ConfigFormat.XL);
        }))));
        upload.setId("import-upload");
        upload.setMaxFiles(1);
        upload.setMaxFileSize(VmConfigService.MAX_FILE_BYTES);
        upload.addFileRejectedListener(e -> showErrors(List.of(e.getErrorMessage())));

        errors.setId("import-errors");
        errors.setVisible(false);
        errors.getStyle().set("color", "var(--lumo-error-text-color)");

        start.setId("import-start");

        HorizontalLayout top = new HorizontalLayout(format, name);
        add(new VerticalLayout(top, upload, text, start, errors));

        importButton.setId("import-submit");
        importButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importButton.addClickListener(e -> submit());
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("import-cancel");
        getFooter().add(cancel, importButton);
    }

    private void submit() {
        if (text.getValue().isBlank()) {
            showErrors(List.of("Paste or upload a file first."));
            return;
        }
        ImportedVm imported;
        try {
            imported = importer.apply(new Request(format.getValue(), text.getValue(), name.getValue(), start.getValue()));
        } catch (ConfigFileException e) {
            showErrors(e.problems().stream().map(ConfigProblem::toString).toList());
            return;
        } catch (HypervisorException e) {
            showErrors(List.of(e.getMessage()));
            return;
        }
        showResult(imported);
        onImported.accept(imported);
    }

    private void showErrors(List<String> lines) {
        errors.removeAll();
        errors.add(new Paragraph(lines.size() == 1 ? "The file was not imported:" : "The file was not imported (" + lines.size() + " problems):"));
        UnorderedList list = new UnorderedList();
        lines.forEach(l -> list.add(new ListItem(l)));
        errors.add(list);
        errors.setVisible(true);
    }

    /** After the import: the new VM and what it did not take from the file. */
    private void showResult(ImportedVm imported) {
        removeAll();
        getFooter().removeAll();
        Div result = new Div();
        result.setId("import-result");
        result.add(new Paragraph("Created VM " + imported.vm().name() + (imported.startTask() != null ? ", starting." : ".")));
        if (imported.ignored().isEmpty()) {
            result.add(new Paragraph("Every setting of the file was taken as written."));
        } else {
            result.add(new Paragraph("Settings of the file not taken as written:"));
            UnorderedList list = new UnorderedList();
            list.setId("import-ignored");
            imported.ignored().forEach(i -> list.add(new ListItem(i.toString())));
            result.add(list);
        }
        add(result);
        Button close = new Button("Close", e -> close());
        close.setId("import-close");
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(close);
    }
}
