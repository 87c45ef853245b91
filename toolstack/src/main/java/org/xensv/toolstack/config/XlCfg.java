package org.xensv.toolstack.config;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.toolstack.config.DomainFile.GuestType;
import org.xensv.toolstack.config.DomainFile.Unsupported;
import org.xensv.toolstack.config.XlValue.Items;
import org.xensv.toolstack.config.XlValue.Num;
import org.xensv.toolstack.config.XlValue.Setting;
import org.xensv.toolstack.config.XlValue.Str;

/**
 * Reads an xl.cfg file into a {@link DomainFile} and writes one back. Reading collects every
 * problem (syntax, types, ranges) with its line before refusing the file; settings it does not
 * support are kept in {@link DomainFile#unsupported()} and written back as they were.
 */
final class XlCfg {

    public static final String FORMAT = "xl.cfg";
    static final int MAX_CAP = 100 * VcpuCount.MAX;

    private XlCfg() {
    }

    public static DomainFile read(String text) {
        return parse(text).file();
    }

    /** The file and the line of each setting it gave (keys as xl names them; devices as {@code disk[0]}). */
    static ParsedFile parse(String text) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<Setting> settings = XlCfgSyntax.parse(text, problems);
        Reader r = new Reader(problems);
        for (Setting s : settings) {
            r.read(s);
        }
        DomainFile file = r.result();
        if (!problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(problems);
            sorted.sort(java.util.Comparator.comparingInt(ConfigProblem::line));
            throw new ConfigFileException(FORMAT, sorted);
        }
        java.util.Map<String, ParsedFile.Located> where = new java.util.HashMap<>();
        for (Setting s : settings) {
            where.put(s.key(), new ParsedFile.Located(s.key(), s.line()));
        }
        settings.stream().filter(s -> s.key().equals("disk") || s.key().equals("vif")).forEach(s -> {
            int count = s.key().equals("disk") ? file.disks().size() : file.vifs().size();
            for (int i = 0; i < count; i++) {
                where.put(s.key() + "[" + i + "]", new ParsedFile.Located(s.key() + "[" + i + "]", s.line()));
            }
        });
        return new ParsedFile(file, where);
    }

    private static final class Reader {
        final List<ConfigProblem> problems;
        String name;
        UUID uuid;
        GuestType type;
        GuestType builderType;
        int builderLine;
        String builderText;
        Long memory;
        Long maxmem;
        Integer vcpus;
        Integer maxvcpus;
        Integer weight;
        Integer cap;
        LifecycleAction onPoweroff;
        LifecycleAction onReboot;
        LifecycleAction onCrash;
        String kernel;
        String ramdisk;
        String cmdline;
        String root;
        String extra;
        String serial;
        List<DiskSpec> disks = List.of();
        List<VifSpec> vifs = List.of();
        final List<Unsupported> unsupported = new ArrayList<>();
        int memoryLine;
        int vcpusLine;
        int capLine;

        Reader(List<ConfigProblem> problems) {
            this.problems = problems;
        }

        void read(Setting s) {
            int line = s.line();
            String key = s.key();
            switch (key) {
                case "name" -> name = string(s, v -> {
                    new DomainName(v);
                    return v;
                });
                case "uuid" -> uuid = string(s, v -> {
                    if (!v.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                        throw new IllegalArgumentException("must be a UUID like 4f1c2a9e-0b8d-4c1e-9f3a-2d6b7e8c9a01");
                    }
                    return UUID.fromString(v);
                });
                case "type" -> type = string(s, v -> switch (v) {
                    case "pv" -> GuestType.PV;
                    case "pvh" -> GuestType.PVH;
                    case "hvm" -> GuestType.HVM;
                    default -> throw new IllegalArgumentException("must be pv, pvh or hvm");
                });
                case "builder" -> {
                    builderLine = line;
                    builderText = s.value() instanceof Str str ? str.text() : null;
                    builderType = string(s, v -> switch (v) {
                        case "generic", "linux" -> GuestType.PV;
                        case "hvm" -> GuestType.HVM;
                        default -> throw new IllegalArgumentException("must be generic or hvm (or use type = pv, pvh or hvm)");
                    });
                }
                case "memory" -> {
                    memoryLine = line;
                    memory = integer(s, 16, MemoryMiB.MAX, "MiB");
                }
                case "maxmem" -> maxmem = integer(s, 16, MemoryMiB.MAX, "MiB");
                case "vcpus" -> {
                    vcpusLine = line;
                    vcpus = intValue(integer(s, 1, VcpuCount.MAX, ""));
                }
                case "maxvcpus" -> maxvcpus = intValue(integer(s, 1, VcpuCount.MAX, ""));
                case "cpu_weight" -> weight = intValue(integer(s, 1, 65535, ""));
                case "cap" -> {
                    capLine = line;
                    cap = intValue(integer(s, 0, MAX_CAP, "(percent of one CPU, 0 = no cap)"));
                }
                case "on_poweroff" -> onPoweroff = action(s);
                case "on_reboot" -> onReboot = action(s);
                case "on_crash" -> onCrash = action(s);
                case "kernel" -> kernel = string(s, Function.identity());
                case "ramdisk" -> ramdisk = string(s, Function.identity());
                case "cmdline" -> cmdline = string(s, Function.identity());
                case "root" -> root = string(s, Function.identity());
                case "extra" -> extra = string(s, Function.identity());
                case "serial" -> serial = serial(s);
                case "disk" -> disks = devices(s, (spec, k) -> XlDevices.disk(spec, k, line, problems));
                case "vif" -> vifs = devices(s, (spec, k) -> XlDevices.vif(spec, k, line, problems));
                default -> unsupported.add(new Unsupported(key, line, XlCfgSyntax.format(s.value()),
                        "not supported by xensv: ignored on import"));
            }
        }

        DomainFile result() {
            GuestType guest = type;
            if (builderType != null) {
                if (type == null) {
                    guest = builderType;
                } else {
                    unsupported.add(new Unsupported("builder", builderLine, XlCfgSyntax.quote(builderText),
                            "overridden by type = \"" + type.xlName() + "\", as in xl"));
                }
            }
            if (memory != null && maxmem != null && maxmem < memory) {
                problems.add(new ConfigProblem(memoryLine, "maxmem", "must be at least memory (" + memory + " MiB), got " + maxmem));
            }
            if (vcpus != null && maxvcpus != null && maxvcpus < vcpus) {
                problems.add(new ConfigProblem(vcpusLine, "maxvcpus", "must be at least vcpus (" + vcpus + "), got " + maxvcpus));
            }
            if (vcpus != null && cap != null && cap > 100 * Math.max(vcpus, maxvcpus == null ? 0 : maxvcpus)) {
                problems.add(new ConfigProblem(capLine, "cap", "must be at most 100 per vCPU (" + 100 * vcpus + " for " + vcpus + " vCPUs), got " + cap));
            }
            return new DomainFile(name, uuid, guest, memory, maxmem, vcpus, maxvcpus, weight, cap, onPoweroff,
                    onReboot, onCrash, kernel, ramdisk, cmdline, root, extra, serial, disks, vifs, unsupported);
        }

        private <T> T string(Setting s, Function<String, T> convert) {
            if (!(s.value() instanceof Str str)) {
                problems.add(new ConfigProblem(s.line(), s.key(), "must be a quoted string"));
                return null;
            }
            try {
                return convert.apply(str.text());
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(s.line(), s.key(), e.getMessage() + " (got " + str.text() + ")"));
                return null;
            } catch (InvalidValueException e) {
                problems.add(new ConfigProblem(s.line(), s.key(), e.params().get("rule") + " (got " + str.text() + ")"));
                return null;
            }
        }

        private Long integer(Setting s, long min, long max, String unit) {
            String text = switch (s.value()) {
                case Num n -> n.text();
                case Str str -> str.text().strip();
                case Items i -> null;
            };
            Long value = text == null ? null : parseLong(text);
            if (value == null) {
                problems.add(new ConfigProblem(s.line(), s.key(), "must be an integer (decimal, or hex as 0x...)"
                        + (text == null ? "" : " (got " + text + ")")));
                return null;
            }
            if (value < min || value > max) {
                problems.add(new ConfigProblem(s.line(), s.key(), "must be between " + min + " and " + max
                        + (unit.isEmpty() ? "" : " " + unit) + " (got " + text + ")"));
                return null;
            }
            return value;
        }

        private static Integer intValue(Long v) {
            return v == null ? null : v.intValue();
        }

        private LifecycleAction action(Setting s) {
            return string(s, v -> LifecycleAction.parse(v).orElseThrow(
                    () -> new IllegalArgumentException("must be one of " + LifecycleAction.allowed())));
        }

        private String serial(Setting s) {
            if (s.value() instanceof Items list && list.items().size() == 1 && list.items().get(0) instanceof Str str) {
                return checkSerial(s, str.text());
            }
            if (s.value() instanceof Str str) {
                return checkSerial(s, str.text());
            }
            problems.add(new ConfigProblem(s.line(), s.key(), "must be a string such as \"pty\" (one serial port)"));
            return null;
        }

        private String checkSerial(Setting s, String v) {
            if (!v.equals("pty")) {
                problems.add(new ConfigProblem(s.line(), s.key(), "only \"pty\" is supported (got " + v + ")"));
                return null;
            }
            return v;
        }

        private <T> List<T> devices(Setting s, java.util.function.BiFunction<String, String, T> read) {
            if (!(s.value() instanceof Items list)) {
                problems.add(new ConfigProblem(s.line(), s.key(), "must be a list of strings: " + s.key() + " = [ '...', ]"));
                return List.of();
            }
            List<T> out = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                String k = s.key() + "[" + i + "]";
                if (list.items().get(i) instanceof Str str) {
                    T device = read.apply(str.text(), k);
                    if (device != null) {
                        out.add(device);
                    }
                } else {
                    problems.add(new ConfigProblem(s.line(), k, "must be a quoted string"));
                }
            }
            return out;
        }
    }

    static Long parseLong(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseLong(text.substring(2), 16);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The file as xl reads it: supported settings first, then unsupported ones as they were read. */
    public static String write(DomainFile f) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(f.name() == null ? "domain" : f.name()).append(": written by xensv\n");
        str(out, "name", f.name());
        if (f.uuid() != null) {
            str(out, "uuid", f.uuid().toString());
        }
        if (f.type() != null) {
            str(out, "type", f.type().xlName());
        }
        num(out, "memory", f.memoryMiB());
        num(out, "maxmem", f.maxMemoryMiB());
        num(out, "vcpus", f.vcpus() == null ? null : f.vcpus().longValue());
        num(out, "maxvcpus", f.maxVcpus() == null ? null : f.maxVcpus().longValue());
        num(out, "cpu_weight", f.cpuWeight() == null ? null : f.cpuWeight().longValue());
        num(out, "cap", f.cpuCap() == null ? null : f.cpuCap().longValue());
        str(out, "on_poweroff", f.onPoweroff() == null ? null : f.onPoweroff().fileName());
        str(out, "on_reboot", f.onReboot() == null ? null : f.onReboot().fileName());
        str(out, "on_crash", f.onCrash() == null ? null : f.onCrash().fileName());
        str(out, "kernel", f.kernel());
        str(out, "ramdisk", f.ramdisk());
        str(out, "cmdline", f.cmdline());
        str(out, "root", f.root());
        str(out, "extra", f.extra());
        str(out, "serial", f.serial());
        if (!f.disks().isEmpty()) {
            for (int i = 0; i < f.disks().size(); i++) {
                DiskSpec d = f.disks().get(i);
                if (d.iopsLimit() > 0 || d.bytesPerSecondLimit() > 0) {
                    out.append("# disk[").append(i).append("]: xl.cfg has no IO limits; libvirt's export carries ")
                            .append(d.iopsLimit()).append(" IOPS, ").append(d.bytesPerSecondLimit()).append(" bytes/s\n");
                }
            }
            list(out, "disk", f.disks().stream().map(XlDevices::disk).toList());
        }
        if (!f.vifs().isEmpty()) {
            for (int i = 0; i < f.vifs().size(); i++) {
                if (f.vifs().get(i).network() != null) {
                    out.append("# vif[").append(i).append("]: libvirt network '").append(f.vifs().get(i).network())
                            .append("' has no xl.cfg form: name its bridge\n");
                }
            }
            list(out, "vif", f.vifs().stream().map(XlDevices::vif).toList());
        }
        if (!f.unsupported().isEmpty()) {
            out.append("# not supported by xensv, kept as read\n");
            for (Unsupported u : f.unsupported()) {
                out.append(u.key()).append(" = ").append(u.value()).append('\n');
            }
        }
        return out.toString();
    }

    private static void str(StringBuilder out, String key, String value) {
        if (value != null) {
            out.append(key).append(" = ").append(XlCfgSyntax.quote(value)).append('\n');
        }
    }

    private static void num(StringBuilder out, String key, Long value) {
        if (value != null) {
            out.append(key).append(" = ").append(value).append('\n');
        }
    }

    private static void list(StringBuilder out, String key, List<String> items) {
        out.append(key).append(" = [\n");
        for (String item : items) {
            out.append("    ").append(XlCfgSyntax.quote(item)).append(",\n");
        }
        out.append("]\n");
    }

    /** For tests and the docs: the keys this reader maps. */
    static final List<String> SUPPORTED_KEYS = List.of("name", "uuid", "type", "builder", "memory", "maxmem", "vcpus",
            "maxvcpus", "cpu_weight", "cap", "on_poweroff", "on_reboot", "on_crash", "kernel", "ramdisk", "cmdline",
            "root", "extra", "serial", "disk", "vif");
}
