package org.xensv.toolstack.config;

/** libvirt domain XML in and out: see {@link LibvirtXmlWriter} and {@link LibvirtXmlReader}. */
public final class LibvirtXml {

    public static final String FORMAT = "libvirt XML";

    /** {@code <domain type='...'>}: the hypervisor the document is written for. */
    public enum Hypervisor {
        KVM, XEN, QEMU
    }

    private LibvirtXml() {
    }

    static String write(DomainFile file, Hypervisor hypervisor) {
        return LibvirtXmlWriter.write(file, hypervisor);
    }

    static DomainFile read(String xml) {
        return LibvirtXmlReader.read(xml).file();
    }

    static ParsedFile parse(String xml) {
        return LibvirtXmlReader.read(xml);
    }
}
