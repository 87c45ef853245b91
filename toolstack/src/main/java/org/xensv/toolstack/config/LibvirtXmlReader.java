package org.xensv.toolstack.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.toolstack.config.DomainFile.GuestType;
import org.xensv.toolstack.config.DomainFile.Unsupported;

/**
 * Reads libvirt domain XML into a {@link DomainFile} with StAX, so every problem names its line;
 * elements it does not map are listed as unsupported by their path ({@code devices/graphics}), never
 * dropped silently. DTDs and external entities are refused.
 */
final class LibvirtXmlReader {

    private final XMLStreamReader xml;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<Unsupported> unsupported = new ArrayList<>();

    private String name;
    private UUID uuid;
    private GuestType osType;
    private GuestType metadataType;
    private Long memory;
    private Long currentMemory;
    private Integer vcpu;
    private Integer currentVcpu;
    private Integer shares;
    private Long globalPeriod;
    private Long globalQuota;
    private int cputuneLine;
    private LifecycleAction onPoweroff;
    private LifecycleAction onReboot;
    private LifecycleAction onCrash;
    private String kernel;
    private String initrd;
    private String cmdline;
    private String serial;
    private final List<DiskSpec> disks = new ArrayList<>();
    private final List<VifSpec> vifs = new ArrayList<>();

    private LibvirtXmlReader(XMLStreamReader xml) {
        this.xml = xml;
    }

    private final java.util.Map<String, ParsedFile.Located> where = new java.util.HashMap<>();

    static ParsedFile read(String text) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        LibvirtXmlReader reader;
        try {
            reader = new LibvirtXmlReader(factory.createXMLStreamReader(new StringReader(text)));
            reader.document();
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            String message = e.getMessage() == null ? "not well-formed XML" : e.getMessage();
            int at = message.indexOf("Message: ");
            throw new ConfigFileException(LibvirtXml.FORMAT, List.of(new ConfigProblem(Math.max(line, 0), null,
                    "not well-formed XML: " + (at >= 0 ? message.substring(at + 9) : message))));
        }
        if (!reader.problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(reader.problems);
            sorted.sort(java.util.Comparator.comparingInt(ConfigProblem::line));
            throw new ConfigFileException(LibvirtXml.FORMAT, sorted);
        }
        return new ParsedFile(reader.result(), reader.where);
    }

    private void at(String key, String path, int line) {
        where.put(key, new ParsedFile.Located(path, line));
    }

    private void document() throws XMLStreamException {
        while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
            // prolog
        }
        if (!xml.isStartElement() || !xml.getLocalName().equals("domain")) {
            problems.add(new ConfigProblem(line(), null, "the root element must be <domain>"));
            return;
        }
        String type = xml.getAttributeValue(null, "type");
        if (type == null) {
            problems.add(new ConfigProblem(line(), "domain/@type", "is required (kvm, xen, qemu...)"));
        }
        while (nextChild()) {
            String el = xml.getLocalName();
            int line = line();
            at(switch (el) {
                case "memory" -> "maxmem";
                case "currentMemory" -> "memory";
                case "vcpu" -> "vcpus";
                default -> el;
            }, el, line);
            switch (el) {
                case "name" -> name = check(line, "name", token(), v -> new DomainName(v).value());
                case "uuid" -> uuid = check(line, "uuid", token(), UUID::fromString);
                case "memory" -> memory = mib(line, "memory");
                case "currentMemory" -> currentMemory = mib(line, "currentMemory");
                case "vcpu" -> {
                    String current = xml.getAttributeValue(null, "current");
                    vcpu = intRange(line, "vcpu", text(), 1, VcpuCount.MAX);
                    currentVcpu = current == null ? null : intRange(line, "vcpu/@current", current, 1, VcpuCount.MAX);
                }
                case "cputune" -> cputune(line);
                case "os" -> os();
                case "on_poweroff" -> onPoweroff = action(line, el);
                case "on_reboot" -> onReboot = action(line, el);
                case "on_crash" -> onCrash = action(line, el);
                case "devices" -> devices();
                case "metadata" -> metadata();
                case "description", "title" -> skip();
                default -> unsupported(el, line);
            }
        }
    }

    private DomainFile result() {
        GuestType type = metadataType != null ? metadataType : osType;
        Long mem = currentMemory != null ? currentMemory : memory;
        Long maxmem = currentMemory != null ? memory : null;
        Integer vcpus = currentVcpu != null ? currentVcpu : vcpu;
        Integer maxVcpus = currentVcpu != null ? vcpu : null;
        if (mem != null && maxmem != null && maxmem < mem) {
            problems.add(new ConfigProblem(0, "currentMemory", "must not exceed memory (" + maxmem + " MiB), got " + mem));
        }
        if (vcpus != null && maxVcpus != null && maxVcpus < vcpus) {
            problems.add(new ConfigProblem(0, "vcpu/@current", "must not exceed vcpu (" + maxVcpus + "), got " + vcpus));
        }
        Integer cap = null;
        if (globalQuota != null) {
            long period = globalPeriod == null ? LibvirtXmlWriter.PERIOD_US : globalPeriod;
            long percent = globalQuota * 100 / period;
            if (percent < 1 || percent > XlCfg.MAX_CAP) {
                problems.add(new ConfigProblem(cputuneLine, "cputune/global_quota", "must give a cap between 1 and "
                        + XlCfg.MAX_CAP + "% of one CPU (got " + globalQuota + " per " + period + " us)"));
            } else {
                cap = (int) percent;
            }
        }
        if (!problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(problems);
            sorted.sort(java.util.Comparator.comparingInt(ConfigProblem::line));
            throw new ConfigFileException(LibvirtXml.FORMAT, sorted);
        }
        return new DomainFile(name, uuid, type, mem, maxmem, vcpus, maxVcpus, shares, cap, onPoweroff, onReboot,
                onCrash, kernel, initrd, cmdline, null, null, serial, disks, vifs, unsupported);
    }

    private void cputune(int line) throws XMLStreamException {
        cputuneLine = line;
        while (nextChild()) {
            int l = line();
            switch (xml.getLocalName()) {
                case "shares" -> shares = intRange(l, "cputune/shares", text(), 1, 65535);
                case "global_period" -> globalPeriod = longRange(l, "cputune/global_period", text(), 1000, 1_000_000);
                case "global_quota" -> globalQuota = longRange(l, "cputune/global_quota", text(), 1, Long.MAX_VALUE / 100);
                default -> unsupported("cputune/" + xml.getLocalName(), l);
            }
        }
    }

    private void os() throws XMLStreamException {
        while (nextChild()) {
            int l = line();
            switch (xml.getLocalName()) {
                case "type" -> {
                    at("type", "os/type", l);
                    String t = token();
                    osType = switch (t) {
                        case "hvm" -> GuestType.HVM;
                        case "xen", "linux" -> GuestType.PV;
                        case "xenpvh" -> GuestType.PVH;
                        default -> {
                            problems.add(new ConfigProblem(l, "os/type", "must be hvm, xen, linux or xenpvh (got " + t + ")"));
                            yield null;
                        }
                    };
                }
                case "kernel" -> {
                    at("kernel", "os/kernel", l);
                    kernel = text();
                }
                case "initrd" -> {
                    at("ramdisk", "os/initrd", l);
                    initrd = text();
                }
                case "cmdline" -> {
                    at("cmdline", "os/cmdline", l);
                    cmdline = text();
                }
                case "boot" -> {
                    String dev = xml.getAttributeValue(null, "dev");
                    if (!"hd".equals(dev) && !"cdrom".equals(dev)) {
                        unsupported.add(new Unsupported("os/boot", l, dev, "boots from the first disk or CD; boot dev='" + dev + "' ignored"));
                    }
                    skip();
                }
                default -> unsupported("os/" + xml.getLocalName(), l);
            }
        }
    }

    private void metadata() throws XMLStreamException {
        while (nextChild()) {
            if (LibvirtXmlWriter.XENSV_NS.equals(xml.getNamespaceURI()) && xml.getLocalName().equals("domain")) {
                String t = xml.getAttributeValue(null, "type");
                metadataType = t == null ? null : switch (t) {
                    case "pv" -> GuestType.PV;
                    case "pvh" -> GuestType.PVH;
                    case "hvm" -> GuestType.HVM;
                    default -> {
                        problems.add(new ConfigProblem(line(), "metadata/xensv:domain/@type", "must be pv, pvh or hvm (got " + t + ")"));
                        yield null;
                    }
                };
            }
            skip();
        }
    }

    private void devices() throws XMLStreamException {
        while (nextChild()) {
            int l = line();
            switch (xml.getLocalName()) {
                case "disk" -> disk(l);
                case "interface" -> nic(l);
                case "serial" -> {
                    String type = xml.getAttributeValue(null, "type");
                    if (serial == null && "pty".equals(type)) {
                        serial = "pty";
                    } else {
                        unsupported.add(new Unsupported("devices/serial", l, type, "only one pty serial port is supported"));
                    }
                    skip();
                }
                case "console" -> skip(); // the serial port's console
                default -> unsupported("devices/" + xml.getLocalName(), l);
            }
        }
    }

    private void disk(int line) throws XMLStreamException {
        String key = "devices/disk[" + (disks.size() + 1) + "]";
        at("disk[" + disks.size() + "]", key, line);
        String type = xml.getAttributeValue(null, "type");
        String device = xml.getAttributeValue(null, "device");
        boolean cdrom = "cdrom".equals(device);
        if (device != null && !cdrom && !"disk".equals(device)) {
            problems.add(new ConfigProblem(line, key + "/@device", "must be disk or cdrom (got " + device + ")"));
        }
        if (type != null && !type.equals("file") && !type.equals("block")) {
            problems.add(new ConfigProblem(line, key + "/@type", "must be file or block (got " + type + ")"));
        }
        String source = null;
        String format = "raw";
        String backend = "block".equals(type) ? "phy" : null;
        String vdev = null;
        boolean readOnly = false;
        long iops = 0;
        long bps = 0;
        while (nextChild()) {
            int l = line();
            switch (xml.getLocalName()) {
                case "driver" -> {
                    String t = xml.getAttributeValue(null, "type");
                    if (t != null) {
                        format = t.equals("vpc") ? "vhd" : t.equals("aio") ? "raw" : t;
                    }
                    String n = xml.getAttributeValue(null, "name");
                    if ("tap".equals(n) || "tap2".equals(n)) {
                        backend = "tap";
                    }
                    skip();
                }
                case "source" -> {
                    source = xml.getAttributeValue(null, "block".equals(type) ? "dev" : "file");
                    skip();
                }
                case "target" -> {
                    vdev = xml.getAttributeValue(null, "dev");
                    skip();
                }
                case "readonly" -> {
                    readOnly = true;
                    skip();
                }
                case "iotune" -> {
                    while (nextChild()) {
                        int il = line();
                        switch (xml.getLocalName()) {
                            case "total_iops_sec" -> iops = or0(longRange(il, key + "/iotune/total_iops_sec", text(), 0, Long.MAX_VALUE));
                            case "total_bytes_sec" -> bps = or0(longRange(il, key + "/iotune/total_bytes_sec", text(), 0, Long.MAX_VALUE));
                            default -> unsupported(key + "/iotune/" + xml.getLocalName(), il);
                        }
                    }
                }
                case "address", "alias" -> skip();
                default -> unsupported(key + "/" + xml.getLocalName(), l);
            }
        }
        if (cdrom) {
            readOnly = true;
        }
        if (vdev == null) {
            problems.add(new ConfigProblem(line, key + "/target", "is required (<target dev='xvda'/>)"));
            return;
        }
        if (!java.util.regex.Pattern.matches("(xvd|hd|sd|vd)[a-z]{1,3}", vdev)) {
            problems.add(new ConfigProblem(line, key + "/target/@dev", "must be a device name like xvda, hdc, sda or vdb (got " + vdev + ")"));
            return;
        }
        if (source == null && !cdrom) {
            problems.add(new ConfigProblem(line, key + "/source", "is required for a disk that is not a CD-ROM"));
            return;
        }
        disks.add(new DiskSpec(source, format, vdev, readOnly, cdrom, backend, iops, bps, List.of()));
    }

    private void nic(int line) throws XMLStreamException {
        String key = "devices/interface[" + (vifs.size() + 1) + "]";
        at("vif[" + vifs.size() + "]", key, line);
        String type = xml.getAttributeValue(null, "type");
        if (type != null && !List.of("bridge", "network", "ethernet").contains(type)) {
            unsupported.add(new Unsupported(key + "/@type", line, type, "only bridge, network and ethernet interfaces are read"));
        }
        String mac = null;
        String bridge = null;
        String network = null;
        Integer vlan = null;
        String rate = null;
        String model = null;
        while (nextChild()) {
            int l = line();
            switch (xml.getLocalName()) {
                case "mac" -> {
                    mac = xml.getAttributeValue(null, "address");
                    if (mac == null || !mac.matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
                        problems.add(new ConfigProblem(l, key + "/mac", "must be six hex pairs separated by ':' (got " + mac + ")"));
                    } else {
                        mac = mac.toLowerCase(Locale.ROOT);
                    }
                    skip();
                }
                case "source" -> {
                    bridge = xml.getAttributeValue(null, "bridge");
                    network = xml.getAttributeValue(null, "network");
                    skip();
                }
                case "vlan" -> {
                    while (nextChild()) {
                        if (xml.getLocalName().equals("tag")) {
                            if (vlan != null) {
                                unsupported.add(new Unsupported(key + "/vlan/tag", line(), xml.getAttributeValue(null, "id"), "VLAN trunks are not supported: the first tag is used"));
                            } else {
                                vlan = intRange(line(), key + "/vlan/tag", xml.getAttributeValue(null, "id"), 1, 4094);
                            }
                        }
                        skip();
                    }
                }
                case "bandwidth" -> rate = bandwidth(key);
                case "model" -> {
                    model = xml.getAttributeValue(null, "type");
                    skip();
                }
                case "address", "alias", "target" -> skip();
                default -> unsupported(key + "/" + xml.getLocalName(), l);
            }
        }
        vifs.add(new VifSpec(mac, bridge, vlan, rate, model, bridge == null ? network : null, List.of()));
    }

    /** The outbound limit (or the inbound one) as an xl rate: {@code average} KB/s, replenished every {@code burst/average} s. */
    private String bandwidth(String key) throws XMLStreamException {
        String rate = null;
        String outbound = null;
        while (nextChild()) {
            int l = line();
            String direction = xml.getLocalName();
            String average = xml.getAttributeValue(null, "average");
            String burst = xml.getAttributeValue(null, "burst");
            skip();
            if (average == null) {
                continue;
            }
            Long avg = longRange(l, key + "/bandwidth/" + direction + "/@average", average, 1, Long.MAX_VALUE / 1_000_000);
            Long b = burst == null ? null : longRange(l, key + "/bandwidth/" + direction + "/@burst", burst, 1, Long.MAX_VALUE / 1_000_000);
            if (avg == null || burst != null && b == null) {
                continue;
            }
            long intervalUs = b == null ? 50_000 : b * 1_000_000 / avg;
            String text = avg + "KB/s@" + (intervalUs % 1000 == 0 ? intervalUs / 1000 + "ms" : intervalUs + "us");
            try {
                RateLimit.parse(text);
            } catch (InvalidValueException e) {
                problems.add(new ConfigProblem(l, key + "/bandwidth/" + direction, "burst/average gives a refill interval of "
                        + intervalUs + " us: it must be between 1 us and 10 s"));
                continue;
            }
            if (direction.equals("outbound")) {
                outbound = text;
            } else {
                rate = text;
            }
        }
        return outbound != null ? outbound : rate;
    }

    private LifecycleAction action(int line, String key) throws XMLStreamException {
        String v = token();
        return LifecycleAction.parse(v).orElseGet(() -> {
            problems.add(new ConfigProblem(line, key, "must be one of " + LifecycleAction.allowed() + " (got " + v + ")"));
            return null;
        });
    }

    private Long mib(int line, String key) throws XMLStreamException {
        String unit = xml.getAttributeValue(null, "unit");
        String text = token();
        Long amount = longRange(line, key, text, 0, Long.MAX_VALUE);
        if (amount == null) {
            return null;
        }
        long factor = switch (unit == null ? "KiB" : unit) {
            case "b", "bytes" -> 1;
            case "KB" -> 1000;
            case "k", "KiB" -> 1024;
            case "MB" -> 1000_000;
            case "M", "MiB" -> 1024L * 1024;
            case "GB" -> 1000_000_000L;
            case "G", "GiB" -> 1024L * 1024 * 1024;
            case "TB" -> 1000_000_000_000L;
            case "T", "TiB" -> 1024L * 1024 * 1024 * 1024;
            default -> -1;
        };
        if (factor < 0) {
            problems.add(new ConfigProblem(line, key + "/@unit", "must be a libvirt unit such as KiB, MiB or GiB (got " + unit + ")"));
            return null;
        }
        double mib = (double) amount * factor / (1024 * 1024);
        long value = (long) Math.ceil(mib);
        if (value < 16 || value > MemoryMiB.MAX) {
            problems.add(new ConfigProblem(line, key, "must be between 16 and " + MemoryMiB.MAX + " MiB (got " + text + " " + (unit == null ? "KiB" : unit) + ")"));
            return null;
        }
        return value;
    }

    private Integer intRange(int line, String key, String text, int min, int max) {
        Long v = longRange(line, key, text, min, max);
        return v == null ? null : v.intValue();
    }

    private Long longRange(int line, String key, String text, long min, long max) {
        Long v = text == null ? null : XlCfg.parseLong(text.strip());
        if (v == null) {
            problems.add(new ConfigProblem(line, key, "must be an integer (got " + text + ")"));
            return null;
        }
        if (v < min || v > max) {
            problems.add(new ConfigProblem(line, key, "must be between " + min + " and " + max + " (got " + text + ")"));
            return null;
        }
        return v;
    }

    private static long or0(Long v) {
        return v == null ? 0 : v;
    }

    private <T> T check(int line, String key, String text, java.util.function.Function<String, T> convert) {
        try {
            return convert.apply(text);
        } catch (InvalidValueException e) {
            problems.add(new ConfigProblem(line, key, e.params().get("rule") + " (got " + text + ")"));
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(line, key, "is not valid (got " + text + ")"));
        }
        return null;
    }

    private void unsupported(String path, int line) throws XMLStreamException {
        unsupported.add(new Unsupported(path, line, "", "not supported by xensv: ignored on import"));
        skip();
    }

    /** Moves to the next child element of the current one; false (at its end tag) when there is none. */
    private boolean nextChild() throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
        return false;
    }

    /** The text of the current element, which must hold no elements; leaves the reader at its end tag. */
    private String text() throws XMLStreamException {
        return xml.getElementText();
    }

    /** The text without surrounding white space, for names, numbers and keywords. */
    private String token() throws XMLStreamException {
        return xml.getElementText().strip();
    }

    /** Skips the current element and everything in it. */
    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private int line() {
        return xml.getLocation().getLineNumber();
    }
}
