package org.xensv.toolstack.config;

import java.util.Locale;

import org.xensv.hypervisor.api.InvalidValueException;

/** The domain config formats xensv reads and writes. */
public enum ConfigFormat {
    XL("xl", XlCfg.FORMAT, "text/plain", ".cfg"),
    LIBVIRT("libvirt", LibvirtXml.FORMAT, "application/xml", ".xml");

    private final String slug;
    private final String label;
    private final String contentType;
    private final String extension;

    ConfigFormat(String slug, String label, String contentType, String extension) {
        this.slug = slug;
        this.label = label;
        this.contentType = contentType;
        this.extension = extension;
    }

    public String slug() {
        return slug;
    }

    public String label() {
        return label;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    public static ConfigFormat parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (ConfigFormat f : values()) {
            if (f.slug.equals(s)) {
                return f;
            }
        }
        throw new InvalidValueException("format", text, "must be xl or libvirt");
    }
}
