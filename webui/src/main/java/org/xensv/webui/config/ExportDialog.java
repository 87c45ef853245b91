package org.xensv.webui.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import org.xensv.toolstack.config.ConfigFormat;
import org.xensv.toolstack.config.ExportedFile;
import org.xensv.toolstack.config.LibvirtXml.Hypervisor;

/**
 * Export of one VM: its xl.cfg shown, and links that download it as xl.cfg or as libvirt domain XML
 * for the chosen hypervisor. The file is made when the link is followed, by the exporter it is given.
 */
public class ExportDialog extends Dialog {

    private final BiFunction<ConfigFormat, Hypervisor, ExportedFile> exporter;
    private final Select<Hypervisor> hypervisor = new Select<>();

    public ExportDialog(String vmName, BiFunction<ConfigFormat, Hypervisor, ExportedFile> exporter) {
        this.exporter = exporter;
        setId("export-dialog");
        setHeaderTitle("Export " + vmName);
        setWidth("640px");

        Pre preview = new Pre(exporter.apply(ConfigFormat.XL, null).content());
        preview.setId("export-preview");
        preview.getStyle().set("max-height", "320px").set("overflow", "auto").set("font-size", "12px");

        hypervisor.setId("export-hypervisor");
        hypervisor.setLabel("libvirt domain type");
        hypervisor.setItems(Hypervisor.values());
        hypervisor.setItemLabelGenerator(h -> h.name().toLowerCase(java.util.Locale.ROOT));
        hypervisor.setValue(Hypervisor.KVM);

        Anchor xl = download("export-xl", "Download xl.cfg", ConfigFormat.XL);
        Anchor libvirt = download("export-libvirt", "Download libvirt XML", ConfigFormat.LIBVIRT);

        HorizontalLayout links = new HorizontalLayout(xl, hypervisor, libvirt);
        links.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        add(new VerticalLayout(preview, links));

        Button close = new Button("Close", e -> close());
        close.setId("export-close");
        getFooter().add(close);
    }

    private Anchor download(String id, String label, ConfigFormat format) {
        DownloadHandler handler = DownloadHandler.fromInputStream(event -> {
            ExportedFile file = exporter.apply(format, hypervisor.getValue());
            byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), file.filename(),
                    file.contentType() + ";charset=UTF-8", bytes.length);
        });
        Anchor anchor = new Anchor(handler, AttachmentType.DOWNLOAD, "");
        anchor.add(VaadinIcon.DOWNLOAD.create());
        anchor.add(" " + label);
        anchor.setId(id);
        return anchor;
    }
}
