package org.xensv.hypervisor.libvirt;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.KernelBoot;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;

/**
 * Reads a domain's config back from libvirt's XML, with what {@link DomainXml} kept in xensv's
 * metadata. A domain defined behind the console's back has no such metadata: its type comes from the
 * OS type, its NICs from its interfaces (untagged = VLAN 1), and its disks, whose size libvirt's XML
 * does not say, are left out.
 */
final class DomainXmlReader {

    private DomainXmlReader() {
    }

    static DomainConfig read(String xml) {
        Element domain = parse(xml).getDocumentElement();
        Element meta = metadata(domain);
        UUID uuid = UUID.fromString(text(domain, "uuid"));
        DomainName name = new DomainName(text(domain, "name"));
        DomainType type = meta != null && !meta.getAttribute("type").isEmpty()
                ? DomainType.valueOf(meta.getAttribute("type"))
                : "hvm".equals(text(first(domain, "os"), "type")) ? DomainType.HVM : DomainType.PV;
        VcpuCount vcpus = VcpuCount.of(Integer.parseInt(currentVcpus(domain)));
        MemoryMiB memory = MemoryMiB.of(Math.max(1, kib(first(domain, "memory")) / 1024));
        Element tune = first(domain, "cputune");
        int weight = tune == null || text(tune, "shares") == null ? CpuQos.DEFAULT.weight()
                : (int) Math.min(65535, Math.max(1, Long.parseLong(text(tune, "shares"))));
        int cap = 0;
        if (tune != null && text(tune, "global_quota") != null && Long.parseLong(text(tune, "global_quota")) > 0) {
            long period = text(tune, "global_period") == null ? DomainXml.PERIOD_US : Long.parseLong(text(tune, "global_period"));
            cap = (int) (Long.parseLong(text(tune, "global_quota")) * 100 / period);
        }
        WorkloadSpec workload = null;
        Map<String, Long> diskSizes = new HashMap<>();
        Map<String, RateLimit> rates = new HashMap<>();
        if (meta != null) {
            for (Element e : children(meta)) {
                switch (e.getLocalName()) {
                    case "workload" -> workload = new WorkloadSpec(WorkloadKind.valueOf(e.getAttribute("kind")),
                            Long.parseLong(e.getAttribute("fillMiB")), Long.parseLong(e.getAttribute("workingSetMiB")),
                            Long.parseLong(e.getAttribute("pagesPerSecond")), Long.parseLong(e.getAttribute("seed")));
                    case "disk" -> diskSizes.put(e.getAttribute("target"), Long.parseLong(e.getAttribute("sizeMiB")));
                    case "nic" -> rates.put(e.getAttribute("mac"), new RateLimit(Long.parseLong(e.getAttribute("bytesPerSecond")),
                            Long.parseLong(e.getAttribute("intervalMicros"))));
                    default -> { }
                }
            }
        }
        List<DiskConfig> disks = new ArrayList<>();
        List<NicConfig> nics = new ArrayList<>();
        Element devices = first(domain, "devices");
        if (devices != null) {
            for (Element disk : children(devices, "disk")) {
                Element target = first(disk, "target");
                Long size = target == null ? null : diskSizes.get(target.getAttribute("dev"));
                Element source = first(disk, "source");
                if (size == null || source == null) {
                    continue;
                }
                Element iotune = first(disk, "iotune");
                long iops = iotune == null || text(iotune, "total_iops_sec") == null ? 0 : Long.parseLong(text(iotune, "total_iops_sec"));
                long bps = iotune == null || text(iotune, "total_bytes_sec") == null ? 0 : Long.parseLong(text(iotune, "total_bytes_sec"));
                disks.add(new DiskConfig(source.getAttribute("file"), size, iops, bps, first(disk, "readonly") != null));
            }
            for (Element nic : children(devices, "interface")) {
                Element mac = first(nic, "mac");
                if (mac == null) {
                    continue;
                }
                Element vlan = first(nic, "vlan");
                Element tag = vlan == null ? null : first(vlan, "tag");
                int id = tag == null ? 1 : Integer.parseInt(tag.getAttribute("id"));
                nics.add(new NicConfig(mac.getAttribute("address"), id, rates.get(mac.getAttribute("address").toLowerCase())));
            }
        }
        Element os = first(domain, "os");
        KernelBoot boot = text(os, "kernel") == null ? null : new KernelBoot(text(os, "kernel"), text(os, "initrd"), text(os, "cmdline"));
        return new DomainConfig(uuid, name, type, vcpus, memory, workload, DomainXml.crashAction(text(domain, "on_crash")),
                new CpuQos(weight, cap), nics, disks, boot);
    }

    private static String currentVcpus(Element domain) {
        Element vcpu = first(domain, "vcpu");
        return vcpu.hasAttribute("current") ? vcpu.getAttribute("current") : vcpu.getTextContent().trim();
    }

    private static long kib(Element memory) {
        long value = Long.parseLong(memory.getTextContent().trim());
        String unit = memory.hasAttribute("unit") ? memory.getAttribute("unit") : "KiB";
        return switch (unit) {
            case "b", "bytes" -> value / 1024;
            case "MiB", "M" -> value * 1024;
            case "GiB", "G" -> value * 1024 * 1024;
            default -> value;
        };
    }

    private static Element metadata(Element domain) {
        Element metadata = first(domain, "metadata");
        if (metadata == null) {
            return null;
        }
        for (Element e : children(metadata)) {
            if (DomainXml.NAMESPACE.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("libvirt returned domain XML that does not parse: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }

    static List<Element> children(Element parent, String name) {
        return children(parent).stream().filter(e -> name.equals(e.getLocalName())).toList();
    }

    private static Element first(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        return children(parent, name).stream().findFirst().orElse(null);
    }

    private static String text(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        Element e = first(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
