package org.xensv.toolstack.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.RateLimit;

/**
 * The strings inside xl.cfg's {@code disk = [...]} and {@code vif = [...]}: xl-disk-configuration(5)
 * in both its forms (positional {@code target,format,vdev,access} with {@code key=value} and flags,
 * and the deprecated {@code file:/path,xvda,w}), and xl's {@code key=value} NIC specs, read into
 * {@link DiskSpec} and {@link VifSpec} and written back in the current syntax.
 */
final class XlDevices {

    private static final Set<String> DISK_FLAGS = Set.of("cdrom", "discard", "no-discard", "direct-io-safe",
            "trusted", "untrusted", "colo");
    private static final Set<String> FORMATS = Set.of("raw", "qcow", "qcow2", "vhd", "qed", "empty");
    private static final Set<String> BACKENDS = Set.of("phy", "qdisk", "tap", "standalone");
    private static final Pattern VDEV = Pattern.compile("(xvd|hd|sd|vd)[a-z]{1,3}|d[0-9]+(p[0-9]+)?");
    private static final Pattern OLD_PREFIX = Pattern.compile(
            "((?:tap2?:)?)(aio|raw|qcow|qcow2|vhd|qed|file|phy|tapdisk):(.*)");
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
    private static final Pattern BRIDGE_VLAN = Pattern.compile("(.+)\\.([0-9]+)");

    private XlDevices() {
    }

    static DiskSpec disk(String spec, String key, int line, List<ConfigProblem> problems) {
        String target = null;
        String format = null;
        String vdev = null;
        String access = null;
        String devtype = null;
        String backend = null;
        List<String> positional = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        boolean cdromFlag = false;
        int before = problems.size();
        String rest = spec;
        while (rest != null) {
            String item;
            int comma = rest.indexOf(',');
            String head = rest.stripLeading();
            if (head.startsWith("target=")) {
                item = head;
                rest = null;
            } else if (comma < 0) {
                item = rest.strip();
                rest = null;
            } else {
                item = rest.substring(0, comma).strip();
                rest = rest.substring(comma + 1);
            }
            int eq = item.indexOf('=');
            if (eq > 0) {
                String k = item.substring(0, eq).strip();
                String v = item.substring(eq + 1).strip();
                switch (k) {
                    case "target" -> target = v;
                    case "format" -> format = v;
                    case "vdev" -> vdev = v;
                    case "access" -> access = v;
                    case "devtype" -> devtype = v;
                    case "backendtype" -> backend = v;
                    default -> extra.add(item);
                }
            } else if (DISK_FLAGS.contains(item)) {
                if (item.equals("cdrom")) {
                    cdromFlag = true;
                } else {
                    extra.add(item);
                }
            } else {
                positional.add(item);
            }
        }
        boolean oldForm = !positional.isEmpty() && OLD_PREFIX.matcher(positional.get(0)).matches();
        if (oldForm) {
            Matcher m = OLD_PREFIX.matcher(positional.get(0));
            m.matches();
            target = m.group(3);
            String kind = m.group(2);
            format = switch (kind) {
                case "qcow", "qcow2", "vhd", "qed" -> kind;
                default -> "raw";
            };
            if (!m.group(1).isEmpty() || kind.equals("tapdisk")) {
                backend = "tap";
            } else if (kind.equals("phy")) {
                backend = "phy";
            }
            if (positional.size() > 1 && !positional.get(1).isEmpty()) {
                vdev = positional.get(1);
                if (vdev.endsWith(":cdrom")) {
                    vdev = vdev.substring(0, vdev.length() - 6);
                    cdromFlag = true;
                } else if (vdev.endsWith(":disk")) {
                    vdev = vdev.substring(0, vdev.length() - 5);
                }
            }
            if (positional.size() > 2 && !positional.get(2).isEmpty()) {
                access = positional.get(2);
            }
            if (positional.size() > 3) {
                problems.add(new ConfigProblem(line, key, "too many positional parameters in '" + spec
                        + "' (the prefix form is target,vdev,access)"));
            }
        } else {
            String[] names = {"target", "format", "vdev", "access"};
            int next = 0;
            for (String p : positional) {
                while (next < names.length && given(names[next], target, format, vdev, access)) {
                    next++;
                }
                if (next >= names.length) {
                    problems.add(new ConfigProblem(line, key, "too many positional parameters in '" + spec
                            + "' (they are target, format, vdev, access)"));
                    break;
                }
                String v = p.isEmpty() ? null : p;
                switch (names[next]) {
                    case "target" -> target = v;
                    case "format" -> format = v;
                    case "vdev" -> vdev = v;
                    default -> access = v;
                }
                next++;
            }
        }
        if (devtype != null && !devtype.equals("cdrom") && !devtype.equals("disk")) {
            problems.add(new ConfigProblem(line, key + ".devtype", "must be cdrom or disk (got " + devtype + ")"));
        }
        boolean cdrom = cdromFlag || "cdrom".equals(devtype);
        if (format == null || format.isEmpty()) {
            format = "raw";
        }
        if (!FORMATS.contains(format)) {
            problems.add(new ConfigProblem(line, key + ".format", "must be one of raw, qcow, qcow2, vhd, qed, empty (got " + format + ")"));
        }
        if (backend != null && !BACKENDS.contains(backend)) {
            problems.add(new ConfigProblem(line, key + ".backendtype", "must be one of phy, qdisk, tap, standalone (got " + backend + ")"));
        }
        if (vdev == null) {
            problems.add(new ConfigProblem(line, key + ".vdev", "is required (the guest device, e.g. xvda or hdc) in '" + spec + "'"));
        } else if (!VDEV.matcher(vdev).matches()) {
            problems.add(new ConfigProblem(line, key + ".vdev", "must be a device name like xvda, hdc, sda or vdb (got " + vdev + ")"));
        }
        boolean readOnly = cdrom;
        if (access != null) {
            switch (access) {
                case "r", "ro" -> readOnly = true;
                case "w", "rw" -> readOnly = false;
                default -> problems.add(new ConfigProblem(line, key + ".access", "must be ro, r, rw or w (got " + access + ")"));
            }
        }
        if ((target == null || target.isEmpty()) && !cdrom) {
            problems.add(new ConfigProblem(line, key + ".target", "is required for a disk that is not a CD-ROM in '" + spec + "'"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new DiskSpec(target == null || target.isEmpty() ? null : target, format, vdev, readOnly, cdrom,
                backend, 0, 0, extra);
    }

    private static boolean given(String name, String target, String format, String vdev, String access) {
        return switch (name) {
            case "target" -> target != null;
            case "format" -> format != null;
            case "vdev" -> vdev != null;
            default -> access != null;
        };
    }

    static String disk(DiskSpec d) {
        List<String> items = new ArrayList<>();
        items.add("format=" + d.format());
        items.add("vdev=" + d.vdev());
        items.add("access=" + (d.readOnly() ? "ro" : "rw"));
        if (d.cdrom()) {
            items.add("devtype=cdrom");
        }
        if (d.backendType() != null) {
            items.add("backendtype=" + d.backendType());
        }
        items.addAll(d.extra());
        items.add("target=" + (d.target() == null ? "" : d.target()));
        return String.join(", ", items);
    }

    static VifSpec vif(String spec, String key, int line, List<ConfigProblem> problems) {
        String mac = null;
        String bridge = null;
        Integer vlan = null;
        String rate = null;
        String model = null;
        List<String> extra = new ArrayList<>();
        int before = problems.size();
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                problems.add(new ConfigProblem(line, key, "'" + item + "' is not key=value (in '" + spec + "')"));
                continue;
            }
            String k = item.substring(0, eq).strip();
            String v = item.substring(eq + 1).strip();
            switch (k) {
                case "mac" -> {
                    if (MAC.matcher(v).matches()) {
                        mac = v.toLowerCase(Locale.ROOT);
                    } else {
                        problems.add(new ConfigProblem(line, key + ".mac", "must be six hex pairs separated by ':', e.g. 00:16:3e:00:00:01 (got " + v + ")"));
                    }
                }
                case "bridge" -> {
                    Matcher m = BRIDGE_VLAN.matcher(v);
                    if (m.matches()) {
                        bridge = m.group(1);
                        Integer tag = vlan(m.group(2), key + ".bridge", line, problems);
                        if (tag != null && vlan != null && !vlan.equals(tag)) {
                            problems.add(new ConfigProblem(line, key + ".vlan", "vlan=" + vlan + " disagrees with bridge=" + v));
                        }
                        vlan = tag == null ? vlan : tag;
                    } else {
                        bridge = v;
                    }
                }
                case "vlan" -> {
                    Integer tag = vlan(v, key + ".vlan", line, problems);
                    if (tag != null && vlan != null && !vlan.equals(tag)) {
                        problems.add(new ConfigProblem(line, key + ".vlan", "vlan=" + tag + " disagrees with the bridge's VLAN " + vlan));
                    }
                    vlan = tag == null ? vlan : tag;
                }
                case "rate" -> {
                    try {
                        RateLimit.parse(v);
                        rate = v;
                    } catch (InvalidValueException e) {
                        problems.add(new ConfigProblem(line, key + ".rate", "must look like 10Mb/s@50ms (K/M/G, b = bits, B = bytes; interval s, ms or us) (got " + v + ")"));
                    }
                }
                case "model" -> model = v;
                default -> extra.add(item);
            }
        }
        return problems.size() > before ? null : new VifSpec(mac, bridge, vlan, rate, model, null, extra);
    }

    private static Integer vlan(String text, String key, int line, List<ConfigProblem> problems) {
        try {
            int tag = Integer.parseInt(text);
            if (tag >= 1 && tag <= 4094) {
                return tag;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new ConfigProblem(line, key, "the VLAN tag must be between 1 and 4094 (got " + text + ")"));
        return null;
    }

    static String vif(VifSpec v) {
        List<String> items = new ArrayList<>();
        if (v.mac() != null) {
            items.add("mac=" + v.mac());
        }
        if (v.bridge() != null) {
            items.add("bridge=" + v.bridge() + (v.vlan() != null ? "." + v.vlan() : ""));
        } else if (v.vlan() != null) {
            items.add("vlan=" + v.vlan());
        }
        if (v.rate() != null) {
            items.add("rate=" + v.rate());
        }
        if (v.model() != null) {
            items.add("model=" + v.model());
        }
        items.addAll(v.extra());
        return String.join(", ", items);
    }
}
