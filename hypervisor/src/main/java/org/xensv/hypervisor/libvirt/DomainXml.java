package org.xensv.hypervisor.libvirt;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.KernelBoot;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;

/**
 * A {@link DomainConfig} as libvirt domain XML: name, uuid, memory, vCPUs, the credit scheduler as
 * {@code cputune} (weight as shares, cap as a global quota per 100 ms period), the crash action, disks
 * with {@code iotune}, NICs on the host's {@code default} network with {@code vlan} and
 * {@code bandwidth}, a direct kernel boot in {@code <os>}, the serial console on a pty, a VNC display on
 * the host's loopback. What libvirt's XML has no place for (the workload the embedded runtime would
 * run, disk sizes, the exact token-bucket rate) is kept in the domain's {@code <metadata>} under
 * xensv's namespace, so {@link DomainXmlReader} gives the same config back.
 */
final class DomainXml {

    static final String NAMESPACE = "https://xensv.org/xmlns/libvirt/1";
    static final String PREFIX = "xensv";
    /** The period a cap is measured over, as the credit scheduler's 100 ms accounting. */
    static final long PERIOD_US = 100_000;
    /** {@code VIR_DOMAIN_XML_INACTIVE}: the persistent config, not the running one. */
    static final int INACTIVE = 2;

    private DomainXml() {
    }

    /** libvirt's domain type for a connection's driver: {@code test}, {@code kvm} or {@code qemu}, {@code xen}. */
    static String write(DomainConfig config, String domainType) {
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        doc.appendChild(domain);
        domain.setAttribute("type", domainType);
        text(domain, "name", config.name().value());
        text(domain, "uuid", config.uuid().toString());
        metadata(domain, config);
        text(domain, "memory", String.valueOf(config.memory().value())).setAttribute("unit", "MiB");
        text(domain, "vcpu", String.valueOf(config.vcpus().value())).setAttribute("placement", "static");
        cputune(child(domain, "cputune"), config.cpuQos());
        Element os = child(domain, "os");
        boolean pv = config.type() == DomainType.PV && domainType.equals("xen");
        text(os, "type", pv ? "xen" : "hvm");
        KernelBoot boot = config.kernelBoot();
        if (boot != null) {
            text(os, "kernel", boot.kernel());
            if (boot.initrd() != null) {
                text(os, "initrd", boot.initrd());
            }
            text(os, "cmdline", boot.cmdline());
        }
        if (!pv && !domainType.equals("test")) {
            // an HVM guest's ACPI: the power button a clean shutdown presses, and the PCI hot-plug
            // controller a NIC hot-plug needs (without it QEMU's pci.0 "does not support hotplugging")
            Element features = child(domain, "features");
            child(features, "acpi");
            child(features, "apic");
        }
        text(domain, "on_poweroff", "destroy");
        text(domain, "on_reboot", "restart");
        text(domain, "on_crash", switch (config.onCrash()) {
            case DESTROY -> "destroy";
            case RESTART -> "restart";
            case PRESERVE -> "preserve";
        });
        Element devices = child(domain, "devices");
        for (int i = 0; i < config.disks().size(); i++) {
            disk(devices, config.disks().get(i), targetDev(i));
        }
        for (NicConfig nic : config.nics()) {
            nic(devices, nic);
        }
        console(devices, pv);
        graphics(devices);
        return serialize(doc);
    }

    /** The same domain XML with the weight and cap in {@code <cputune>}, the rest as libvirt wrote it. */
    static String withCpuQos(String xml, CpuQos qos) {
        Document doc = DomainXmlReader.parse(xml);
        Element domain = doc.getDocumentElement();
        Element tune = DomainXmlReader.children(domain, "cputune").stream().findFirst().orElseGet(() -> child(domain, "cputune"));
        for (String name : List.of("shares", "global_period", "global_quota")) {
            DomainXmlReader.children(tune, name).forEach(tune::removeChild);
        }
        cputune(tune, qos);
        return serialize(doc);
    }

    /** One NIC's {@code <interface>} alone, as in {@link #write}: the device XML libvirt hot-plugs and unplugs. */
    static String nicXml(NicConfig nic) {
        Document doc = newDocument();
        Element holder = doc.createElement("devices");
        doc.appendChild(holder);
        nic(holder, nic);
        Element element = (Element) holder.getFirstChild();
        doc.removeChild(holder);
        doc.appendChild(element);
        return serialize(doc);
    }

    private static void cputune(Element tune, CpuQos qos) {
        text(tune, "shares", String.valueOf(qos.weight()));
        if (qos.capPercent() > 0) {
            text(tune, "global_period", String.valueOf(PERIOD_US));
            text(tune, "global_quota", String.valueOf(qos.capPercent() * PERIOD_US / 100));
        }
    }

    /** vda, vdb, ... vdz, vdaa, ... */
    static String targetDev(int index) {
        String suffix = "";
        int n = index;
        do {
            suffix = (char) ('a' + n % 26) + suffix;
            n = n / 26 - 1;
        } while (n >= 0);
        return "vd" + suffix;
    }

    private static void metadata(Element domain, DomainConfig config) {
        Document doc = domain.getOwnerDocument();
        Element meta = doc.createElementNS(NAMESPACE, PREFIX + ":config");
        child(domain, "metadata").appendChild(meta);
        meta.setAttribute("type", config.type().name());
        Element workload = ns(meta, "workload");
        workload.setAttribute("kind", config.workload().kind().name());
        workload.setAttribute("fillMiB", String.valueOf(config.workload().fillMiB()));
        workload.setAttribute("workingSetMiB", String.valueOf(config.workload().workingSetMiB()));
        workload.setAttribute("pagesPerSecond", String.valueOf(config.workload().pagesPerSecond()));
        workload.setAttribute("seed", String.valueOf(config.workload().seed()));
        for (int i = 0; i < config.disks().size(); i++) {
            DiskConfig d = config.disks().get(i);
            Element disk = ns(meta, "disk");
            disk.setAttribute("target", targetDev(i));
            disk.setAttribute("sizeMiB", String.valueOf(d.sizeMiB()));
        }
        for (NicConfig n : config.nics()) {
            if (n.rateLimit() != null) {
                Element nic = ns(meta, "nic");
                nic.setAttribute("mac", n.mac());
                nic.setAttribute("bytesPerSecond", String.valueOf(n.rateLimit().bytesPerSecond()));
                nic.setAttribute("intervalMicros", String.valueOf(n.rateLimit().intervalMicros()));
            }
        }
    }

    private static void disk(Element devices, DiskConfig d, String target) {
        if (d.path() == null || !Path.of(d.path()).isAbsolute()) {
            throw new InvalidValueException("disk.path", d.path(),
                    "must be an absolute path to an image on the libvirt host (the libvirt driver does not create images)");
        }
        Element disk = child(devices, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", d.readOnly() ? "cdrom" : "disk");
        child(disk, "source").setAttribute("file", d.path());
        Element t = child(disk, "target");
        t.setAttribute("dev", target);
        t.setAttribute("bus", "virtio");
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

    private static void nic(Element devices, NicConfig n) {
        Element nic = child(devices, "interface");
        nic.setAttribute("type", "network");
        child(nic, "mac").setAttribute("address", n.mac());
        child(nic, "source").setAttribute("network", "default");
        if (n.vlan() != 1) {
            // VLAN 1 is the untagged default; a tag needs a network that carries tags (Open vSwitch, SR-IOV)
            child(child(nic, "vlan"), "tag").setAttribute("id", String.valueOf(n.vlan()));
        }
        RateLimit rate = n.rateLimit();
        if (rate != null) {
            // libvirt counts kibibytes: average in KiB/s, burst in KiB
            String average = String.valueOf(Math.max(1, (rate.bytesPerSecond() + 1023) / 1024));
            String burst = String.valueOf(Math.max(1, (rate.bytesPerInterval() + 1023) / 1024));
            Element bandwidth = child(nic, "bandwidth");
            for (String direction : List.of("inbound", "outbound")) {
                Element e = child(bandwidth, direction);
                e.setAttribute("average", average);
                e.setAttribute("burst", burst);
            }
        }
    }

    /**
     * The serial console on a host pseudo-terminal, which libvirt's {@code virDomainOpenConsole} streams:
     * a first serial port (ttyS0) shown as the console, or a PV guest's own Xen console.
     */
    private static void console(Element devices, boolean pv) {
        if (!pv) {
            Element serial = child(devices, "serial");
            serial.setAttribute("type", "pty");
            child(serial, "target").setAttribute("port", "0");
        }
        Element console = child(devices, "console");
        console.setAttribute("type", "pty");
        Element target = child(console, "target");
        target.setAttribute("type", pv ? "xen" : "serial");
        target.setAttribute("port", "0");
    }

    /**
     * A VNC display on the host's loopback, its port chosen by libvirt at start: reachable only from the
     * host itself, where the console's WebSocket proxy carries it to the browser behind the console's
     * sign-in (a display on every address would be open to anyone who can reach the host).
     */
    private static void graphics(Element devices) {
        Element graphics = child(devices, "graphics");
        graphics.setAttribute("type", "vnc");
        graphics.setAttribute("port", "-1");
        graphics.setAttribute("autoport", "yes");
        Element listen = child(graphics, "listen");
        listen.setAttribute("type", "address");
        listen.setAttribute("address", "127.0.0.1");
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serialize(Document doc) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element ns(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElementNS(NAMESPACE, PREFIX + ":" + name);
        parent.appendChild(e);
        return e;
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

    static CrashAction crashAction(String onCrash) {
        return switch (onCrash == null ? "" : onCrash) {
            case "restart", "rename-restart", "coredump-restart" -> CrashAction.RESTART;
            case "preserve" -> CrashAction.PRESERVE;
            default -> CrashAction.DESTROY;
        };
    }
}
