package org.xensv.toolstack.config;

import java.io.StringWriter;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.toolstack.config.DomainFile.GuestType;

/**
 * Writes a {@link DomainFile} as libvirt domain XML, the document the libvirt driver defines: the
 * guest type as libvirt's os type (Xen: {@code linux}, {@code xenpvh}, {@code hvm}; KVM and QEMU:
 * {@code hvm}, the xl type kept in xensv's metadata), memory and vCPUs (current and maximum), kernel
 * boot, lifecycle actions, the credit scheduler as {@code cputune} (weight as shares, cap as a
 * global quota per 100 ms period), disks with IO limits, NICs with VLAN and bandwidth, a serial console.
 */
final class LibvirtXmlWriter {

    static final String XENSV_NS = "https://xensv.org/xmlns/domain/1";
    static final long PERIOD_US = 100_000;

    private LibvirtXmlWriter() {
    }

    static String write(DomainFile f, LibvirtXml.Hypervisor hv) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", hv.name().toLowerCase(Locale.ROOT));
        doc.appendChild(domain);
        text(domain, "name", f.name() == null ? "domain" : f.name());
        if (f.uuid() != null) {
            text(domain, "uuid", f.uuid().toString());
        }
        GuestType type = f.type() == null ? GuestType.PV : f.type();
        if (hv != LibvirtXml.Hypervisor.XEN && type != GuestType.HVM) {
            Element metadata = child(domain, "metadata");
            Element mine = doc.createElementNS(XENSV_NS, "xensv:domain");
            mine.setAttribute("type", type.xlName());
            metadata.appendChild(mine);
        }
        if (f.memoryMiB() != null) {
            Element memory = text(domain, "memory", String.valueOf(f.maxMemoryMiB() != null ? f.maxMemoryMiB() : f.memoryMiB()));
            memory.setAttribute("unit", "MiB");
            if (f.maxMemoryMiB() != null) {
                text(domain, "currentMemory", String.valueOf(f.memoryMiB())).setAttribute("unit", "MiB");
            }
        }
        if (f.vcpus() != null) {
            Element vcpu = text(domain, "vcpu", String.valueOf(f.maxVcpus() != null ? f.maxVcpus() : f.vcpus()));
            vcpu.setAttribute("placement", "static");
            if (f.maxVcpus() != null) {
                vcpu.setAttribute("current", String.valueOf(f.vcpus()));
            }
        }
        if (f.cpuWeight() != null || f.cpuCap() != null && f.cpuCap() > 0) {
            Element tune = child(domain, "cputune");
            if (f.cpuWeight() != null) {
                text(tune, "shares", String.valueOf(f.cpuWeight()));
            }
            if (f.cpuCap() != null && f.cpuCap() > 0) {
                text(tune, "global_period", String.valueOf(PERIOD_US));
                text(tune, "global_quota", String.valueOf(f.cpuCap() * PERIOD_US / 100));
            }
        }
        Element os = child(domain, "os");
        text(os, "type", switch (hv) {
            case XEN -> switch (type) {
                case PV -> "linux";
                case PVH -> "xenpvh";
                case HVM -> "hvm";
            };
            case KVM, QEMU -> "hvm";
        });
        optional(os, "kernel", f.kernel());
        optional(os, "initrd", f.ramdisk());
        optional(os, "cmdline", f.effectiveCmdline());
        if (f.kernel() == null && (type == GuestType.HVM || hv != LibvirtXml.Hypervisor.XEN)) {
            child(os, "boot").setAttribute("dev", f.disks().stream().anyMatch(DiskSpec::cdrom) && f.disks().stream().allMatch(DiskSpec::cdrom) ? "cdrom" : "hd");
        }
        optional(domain, "on_poweroff", f.onPoweroff() == null ? null : f.onPoweroff().fileName());
        optional(domain, "on_reboot", f.onReboot() == null ? null : f.onReboot().fileName());
        optional(domain, "on_crash", f.onCrash() == null ? null : f.onCrash().fileName());
        Element devices = child(domain, "devices");
        for (DiskSpec d : f.disks()) {
            disk(devices, d, hv);
        }
        for (VifSpec v : f.vifs()) {
            nic(devices, v);
        }
        if (f.serial() != null) {
            Element serial = child(devices, "serial");
            serial.setAttribute("type", "pty");
            child(serial, "target").setAttribute("port", "0");
            Element console = child(devices, "console");
            console.setAttribute("type", "pty");
            Element target = child(console, "target");
            target.setAttribute("type", hv == LibvirtXml.Hypervisor.XEN && type != GuestType.HVM ? "xen" : "serial");
            target.setAttribute("port", "0");
        }
        return serialize(doc);
    }

    private static void disk(Element devices, DiskSpec d, LibvirtXml.Hypervisor hv) {
        Element disk = child(devices, "disk");
        boolean block = d.blockDevice();
        disk.setAttribute("type", block ? "block" : "file");
        disk.setAttribute("device", d.cdrom() ? "cdrom" : "disk");
        Element driver = child(disk, "driver");
        driver.setAttribute("name", hv == LibvirtXml.Hypervisor.XEN && d.backendType() != null
                && (d.backendType().equals("phy") || d.backendType().equals("tap")) ? d.backendType() : "qemu");
        if (!d.format().equals("empty")) {
            driver.setAttribute("type", d.format().equals("vhd") ? "vpc" : d.format());
        }
        if (d.target() != null) {
            child(disk, "source").setAttribute(block ? "dev" : "file", d.target());
        }
        Element target = child(disk, "target");
        target.setAttribute("dev", d.vdev());
        target.setAttribute("bus", bus(d.vdev()));
        if (d.readOnly()) {
            child(disk, "readonly");
        }
        if (d.iopsLimit() > 0 || d.bytesPerSecondLimit() > 0) {
            Element iotune = child(disk, "iotune");
            if (d.bytesPerSecondLimit() > 0) {
                text(iotune, "total_bytes_sec", String.valueOf(d.bytesPerSecondLimit()));
            }
            if (d.iopsLimit() > 0) {
                text(iotune, "total_iops_sec", String.valueOf(d.iopsLimit()));
            }
        }
    }

    static String bus(String vdev) {
        if (vdev.startsWith("xvd")) {
            return "xen";
        }
        if (vdev.startsWith("hd")) {
            return "ide";
        }
        if (vdev.startsWith("sd")) {
            return "scsi";
        }
        return vdev.startsWith("vd") ? "virtio" : "xen";
    }

    private static void nic(Element devices, VifSpec v) {
        Element nic = child(devices, "interface");
        if (v.bridge() != null) {
            nic.setAttribute("type", "bridge");
        } else if (v.network() != null) {
            nic.setAttribute("type", "network");
        } else {
            nic.setAttribute("type", "ethernet");
        }
        if (v.mac() != null) {
            child(nic, "mac").setAttribute("address", v.mac());
        }
        if (v.bridge() != null) {
            child(nic, "source").setAttribute("bridge", v.bridge());
        } else if (v.network() != null) {
            child(nic, "source").setAttribute("network", v.network());
        }
        if (v.vlan() != null) {
            child(child(nic, "vlan"), "tag").setAttribute("id", String.valueOf(v.vlan()));
        }
        if (v.rate() != null) {
            RateLimit rate = RateLimit.parse(v.rate());
            long average = Math.max(1, rate.bytesPerSecond() / 1000);
            long burst = Math.max(1, rate.bytesPerInterval() / 1000);
            Element bandwidth = child(nic, "bandwidth");
            for (String direction : new String[] {"inbound", "outbound"}) {
                Element e = child(bandwidth, direction);
                e.setAttribute("average", String.valueOf(average));
                e.setAttribute("burst", String.valueOf(burst));
            }
        }
        if (v.model() != null) {
            child(nic, "model").setAttribute("type", v.model());
        }
    }

    private static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    private static Element text(Element parent, String name, String value) {
        Element e = child(parent, name);
        e.setTextContent(value);
        return e;
    }

    private static void optional(Element parent, String name, String value) {
        if (value != null) {
            text(parent, name, value);
        }
    }

    private static String serialize(Document doc) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString().strip() + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
