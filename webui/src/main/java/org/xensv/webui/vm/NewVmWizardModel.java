package org.xensv.webui.vm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.toolstack.vm.PlacementView;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmSpecs;
import org.xensv.webui.network.WizardNics;
import org.xensv.webui.wizard.WizardSteps;

/**
 * The New VM wizard without a browser: what has been typed, which step is shown, and the checks
 * that guard each step. The rules are the server's own ({@link VmSpecs}), so a value the wizard
 * accepts is one the toolstack accepts; each error names the wizard field it belongs to.
 */
public final class NewVmWizardModel {

    /** The wizard's pages, in order. */
    public enum Step {
        TEMPLATE("Template"), GENERAL("Name and image"), RESOURCES("CPU and memory"), PLACEMENT("Host"),
        DISK("Disk"),
        SUMMARY("Summary");

        private final String title;

        Step(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** The fields of the wizard, each on one step. */
    public enum Field {
        TEMPLATE(Step.TEMPLATE), NAME(Step.GENERAL), TYPE(Step.GENERAL), WORKLOAD(Step.GENERAL),
        VCPUS(Step.RESOURCES), MEMORY(Step.RESOURCES),
        HOST(Step.PLACEMENT), ANTI_AFFINITY(Step.PLACEMENT), NICS(Step.PLACEMENT),
        DISK(Step.DISK);

        private final Step step;

        Field(Step step) {
            this.step = step;
        }

        public Step step() {
            return step;
        }
    }

    /** A rule broken by the value of one field, as a sentence to show beside it. */
    public record FieldError(Field field, String message) {
    }

    /**
     * A host the VM may be placed on; {@code embedded}: one of the console's embedded hosts, the only
     * kind that runs the guest image (the workload) chosen on the first page.
     */
    public record HostChoice(UUID id, String name, int pcpus, long freeMemoryMiB, boolean available, boolean embedded) {

        public HostChoice(UUID id, String name, int pcpus, long freeMemoryMiB, boolean available) {
            this(id, name, pcpus, freeMemoryMiB, available, true);
        }

        public String label() {
            return name + " (" + freeMemoryMiB + " MiB free, " + pcpus + " pCPUs" + (available ? ")" : ", unavailable)");
        }
    }

    private static final Pattern MEMORY = Pattern.compile("(\\d{1,12})\\s*(m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);

    private final List<HostChoice> hosts;
    private final Predicate<String> nameTaken;

    private final WizardSteps<Step> steps = new WizardSteps<>(Step.class);
    private String name = "";
    private String type = "PV";
    private String workload = WorkloadKind.IDLE.name();
    private String vcpus = "1";
    private String memory = "1024";
    private UUID hostId;
    private boolean start = true;
    /** The disk step (see {@link NewVmDisk}): none unless the console offers repositories and images. */
    private NewVmDisk disk = NewVmDisk.none();
    private WizardNics nics = WizardNics.none();
    /** Automatic placement and the anti-affinity group (see {@link NewVmPlacement}): manual unless offered. */
    private NewVmPlacement placement = NewVmPlacement.manual();
    /** The first step's choices: none offered = no template step, the wizard starts at the name. */
    private List<NewVmTemplate> templates = List.of();
    private List<QosChoice> qosChoices = List.of();
    private QosChoice qosPolicy;
    private NewVmTemplate template = NewVmTemplate.BLANK;
    /** The high-availability restart priority as the API takes it: null (unprotected), "restart" or "best-effort". */
    private String haPriority;

    public NewVmWizardModel(List<HostChoice> hosts, Predicate<String> nameTaken) {
        this.hosts = List.copyOf(hosts);
        this.nameTaken = nameTaken;
        this.hostId = hosts.stream().filter(HostChoice::available)
                .max(Comparator.comparingLong(HostChoice::freeMemoryMiB)).map(HostChoice::id).orElse(null);
        steps.goTo(Step.GENERAL);
    }

    // ---- the template step ----

    /** Offers these templates (besides a blank VM) on a first step, where the wizard then starts. */
    /** A named QoS policy the wizard offers, for the new VM, its NICs and its disk. */
    public record QosChoice(java.util.UUID id, String name) {
    }

    public void useQosPolicies(List<QosChoice> offered) {
        qosChoices = List.copyOf(offered);
    }

    public List<QosChoice> qosChoices() {
        return qosChoices;
    }

    /** The policy chosen for a blank VM (null = none: each object's own values, else the defaults). */
    public QosChoice qosPolicy() {
        return fromTemplate() ? null : qosPolicy;
    }

    public void setQosPolicy(QosChoice policy) {
        this.qosPolicy = policy;
    }

    public void useTemplates(List<NewVmTemplate> offered) {
        this.templates = List.copyOf(offered);
        if (!templates.isEmpty()) {
            steps.goTo(Step.TEMPLATE);
        }
    }

    /** The first step's choices: a blank VM, then the templates. */
    public List<NewVmTemplate> templateChoices() {
        List<NewVmTemplate> all = new ArrayList<>();
        all.add(NewVmTemplate.BLANK);
        all.addAll(templates);
        return all;
    }

    /**
     * Chooses a template (null or {@link NewVmTemplate#BLANK}: none). A template pre-fills the type,
     * guest image, vCPUs and memory, and its host if that one is available; its NICs and disks are
     * copied, so the wizard's own NIC and disk choices no longer apply.
     */
    public void setTemplate(NewVmTemplate chosen) {
        NewVmTemplate next = chosen == null ? NewVmTemplate.BLANK : chosen;
        if (!next.blank() && !next.equals(template)) {
            type = next.type();
            workload = next.workload();
            vcpus = String.valueOf(next.vcpus());
            memory = String.valueOf(next.memoryMiB());
            hosts.stream().filter(h -> h.id().equals(next.hostId()) && h.available()).findFirst().ifPresent(h -> hostId = h.id());
        }
        template = next;
    }

    public NewVmTemplate template() {
        return template;
    }

    /** Whether the VM is copied from a template (its type and guest image are the template's). */
    public boolean fromTemplate() {
        return !template.blank();
    }

    // ---- what has been typed ----

    public void setName(String name) {
        this.name = name == null ? "" : name;
    }

    public void setType(String type) {
        this.type = type;
    }

    public void setWorkload(String workload) {
        this.workload = workload;
    }

    public void setVcpus(String vcpus) {
        this.vcpus = vcpus == null ? "" : vcpus;
    }

    public void setMemory(String memory) {
        this.memory = memory == null ? "" : memory;
    }

    public void setHostId(UUID hostId) {
        this.hostId = hostId;
    }

    public void setDisk(NewVmDisk disk) {
        this.disk = disk;
    }

    public NewVmDisk disk() {
        return disk;
    }

    public void setStart(boolean start) {
        this.start = start;
    }

    /** The HA restart priority: null (unprotected), {@code restart} or {@code best-effort} (see docs/ha.md). */
    public void setHaPriority(String priority) {
        this.haPriority = priority;
    }

    public String haPriority() {
        return haPriority;
    }

    /** The wizard's words for an HA restart priority. */
    public static String haLabel(String priority) {
        return priority == null ? "Unprotected" : priority.equals("restart") ? "Restart" : "Best effort";
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public String workload() {
        return workload;
    }

    public String vcpus() {
        return vcpus;
    }

    public String memory() {
        return memory;
    }

    /** The host the VM goes to: the suggested one when placement is automatic, else the one picked. */
    public UUID hostId() {
        if (placement.automatic()) {
            return suggestion().filter(PlacementView::found).map(PlacementView::hostId).orElse(null);
        }
        return hostId;
    }

    /** Offers automatic placement (see {@link NewVmPlacement}). */
    public void usePlacement(NewVmPlacement offered) {
        this.placement = offered;
    }

    public NewVmPlacement placement() {
        return placement;
    }

    /** Where the console would put the VM as sized so far, and why; empty if not offered or not yet sized. */
    public Optional<PlacementView> suggestion() {
        Matcher m = MEMORY.matcher(memory.strip());
        int cpus;
        try {
            cpus = Integer.parseInt(vcpus.strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!m.matches() || cpus < 1) {
            return Optional.empty();
        }
        return placement.suggestion(memoryMiB(), cpus);
    }

    public boolean start() {
        return start;
    }

    /** The NIC section of the host page (none unless the console offers networks). */
    public void useNics(WizardNics nics) {
        this.nics = nics;
    }

    public WizardNics nics() {
        return nics;
    }

    public List<HostChoice> hosts() {
        return hosts;
    }

    public Optional<HostChoice> host() {
        UUID chosen = hostId();
        return hosts.stream().filter(h -> h.id().equals(chosen)).findFirst();
    }

    // ---- moving between steps ----

    public Step step() {
        return steps.current();
    }

    public boolean isFirst() {
        return steps.isFirst() || step() == Step.GENERAL && templates.isEmpty();
    }

    public boolean isLast() {
        return steps.isLast();
    }

    /** Checks the current step; moves to the next one only if it has no errors, which are returned. */
    public List<FieldError> next() {
        return steps.next(this::validate);
    }

    public void back() {
        if (!isFirst()) {
            steps.back();
        }
    }

    /** Goes back to a step (to show an error found later, e.g. by the server). */
    public void goTo(Step target) {
        steps.goTo(target);
    }

    /** The errors of one step's fields, in field order; empty when the step may be left. */
    public List<FieldError> validate(Step which) {
        List<FieldError> errors = new ArrayList<>();
        switch (which) {
            case TEMPLATE -> {
                if (!template.blank() && !templates.contains(template)) {
                    errors.add(new FieldError(Field.TEMPLATE, "Is no longer offered; choose another template"));
                }
            }
            case GENERAL -> {
                check(errors, Field.NAME, () -> VmSpecs.toConfig(spec(name, 1, 1024L), UUID.randomUUID()));
                if (errors.isEmpty() && nameTaken.test(name.strip())) {
                    errors.add(new FieldError(Field.NAME, "Is already used by another VM"));
                }
                check(errors, Field.TYPE, () -> VmSpecs.toConfig(new VmSpec("vm", null, type, 1, 1024L, null, "IDLE",
                        null, null, null, null, null, null, null, false), UUID.randomUUID()));
                check(errors, Field.WORKLOAD, () -> VmSpecs.toConfig(new VmSpec("vm", null, "PV", 1, 1024L, null, workload,
                        null, null, null, null, null, null, null, false), UUID.randomUUID()));
            }
            case RESOURCES -> {
                Integer cpus = parseVcpus(errors);
                if (cpus != null) {
                    check(errors, Field.VCPUS, () -> VmSpecs.toConfig(spec("vm", cpus, 1024L), UUID.randomUUID()));
                }
                Long mib = parseMemory(errors);
                if (mib != null) {
                    check(errors, Field.MEMORY, () -> VmSpecs.toConfig(spec("vm", 1, mib), UUID.randomUUID()));
                }
            }
            case PLACEMENT -> {
                if (!fromTemplate()) {
                    check(errors, Field.ANTI_AFFINITY, placement::checkedGroup);
                }
                Optional<HostChoice> host = host();
                Optional<HostChoice> roomiest = hosts.stream().filter(HostChoice::available)
                        .max(Comparator.comparingLong(HostChoice::freeMemoryMiB));
                if (placement.automatic() && start && roomiest.isPresent() && memoryMiB() > roomiest.get().freeMemoryMiB()) {
                    errors.add(new FieldError(Field.HOST, "No host has " + memoryMiB() + " MiB free for the VM to start (the most is "
                            + roomiest.get().freeMemoryMiB() + " MiB free, on " + roomiest.get().name()
                            + "). Use less memory, or do not start it now"));
                } else if (placement.automatic() && host.isEmpty()) {
                    errors.add(new FieldError(Field.HOST, suggestion().map(PlacementView::reason)
                            .orElse("No host can be suggested: check the anti-affinity group, or choose a host")));
                } else if (host.isEmpty()) {
                    errors.add(new FieldError(Field.HOST, "Choose a host"));
                } else if (!host.get().available()) {
                    errors.add(new FieldError(Field.HOST, "Is not connected or in maintenance mode; choose another host"));
                } else if (start && memoryMiB() > host.get().freeMemoryMiB()) {
                    errors.add(new FieldError(Field.HOST, "Has only " + host.get().freeMemoryMiB() + " MiB free; the VM needs "
                            + memoryMiB() + " MiB to start. Choose another host, less memory, or do not start it now"));
                }
                if (host.isPresent() && !fromTemplate()) {
                    nics.validate(hostId()).forEach(message -> errors.add(new FieldError(Field.NICS, message)));
                }
            }
            case DISK -> {
                if (!fromTemplate()) {
                    disk.validate(hostId()).ifPresent(e -> errors.add(new FieldError(Field.DISK, e[1])));
                }
            }
            case SUMMARY -> {
                for (Step earlier : List.of(Step.TEMPLATE, Step.GENERAL, Step.RESOURCES, Step.PLACEMENT, Step.DISK)) {
                    errors.addAll(validate(earlier));
                }
            }
        }
        return errors;
    }

    /** The request for the toolstack; call once every step is valid. A VM on a libvirt host gets no guest image. */
    public VmSpec toSpec() {
        boolean runsImage = host().map(HostChoice::embedded).orElse(true);
        return new VmSpec(name.strip(), null, type, Integer.valueOf(vcpus.strip()), memoryMiB(), hostId(), runsImage ? workload : null,
                null, null, null, null, null, null, null, start).withAntiAffinityGroup(placement.checkedGroup()).withHa(haPriority, null);
    }

    /** The request for a copy of the chosen template; call once every step is valid. */
    public org.xensv.toolstack.template.InstantiateSpec toInstantiateSpec() {
        return new org.xensv.toolstack.template.InstantiateSpec(name.strip(), null, hostId(), Integer.valueOf(vcpus.strip()),
                memoryMiB(), start);
    }

    /** The lines of the summary page. */
    public List<String[]> summary() {
        String hostName = host().map(HostChoice::name).orElse("—");
        if (placement.automatic()) {
            hostName = "automatic: " + suggestion().map(PlacementView::reason).orElse("—");
        }
        if (fromTemplate()) {
            return List.of(
                    new String[] {"Template", template.name()},
                    new String[] {"Name", name.strip()},
                    new String[] {"Type", type},
                    new String[] {"Guest image", imageLabel()},
                    new String[] {"vCPUs", vcpus.strip()},
                    new String[] {"Memory", memoryMiB() + " MiB"},
                    new String[] {"Host", hostName},
                    new String[] {"Disks", template.disks().isEmpty() ? "none" : "cloned from the template: " + String.join(", ", template.disks())},
                    new String[] {"Network", template.nics().isEmpty() ? "none" : "as the template (new MACs): " + String.join(", ", template.nics())},
                    new String[] {"Start after create", start ? "Yes" : "No"});
        }
        return List.of(
                new String[] {"Name", name.strip()},
                new String[] {"Type", type},
                new String[] {"Guest image", imageLabel()},
                new String[] {"vCPUs", vcpus.strip()},
                new String[] {"Memory", memoryMiB() + " MiB"},
                new String[] {"Host", hostName},
                new String[] {"Anti-affinity group", placement.checkedGroup() == null ? "none" : placement.checkedGroup()},
                new String[] {"Disk", disk.summary()},
                new String[] {"Network", nics.summary()},
                new String[] {"QoS policy", qosPolicy == null ? "none" : qosPolicy.name() + " (VM, NICs and disk)"},
                new String[] {"High availability", haLabel(haPriority)},
                new String[] {"Start after create", start ? "Yes" : "No"});
    }

    /**
     * Where the server's refusal of Create belongs: an error at a field (and the wizard moves to its
     * step), or empty when it concerns no field and is shown as a message in the dialog.
     */
    public Optional<FieldError> placeServerError(HypervisorException e) {
        Field field = null;
        if (e instanceof InvalidValueException invalid) {
            field = fieldOf(invalid.field());
        } else if (e.code().startsWith("HOST_NOT_ENOUGH_")) {
            field = Field.HOST;
        }
        if (field == null) {
            return Optional.empty();
        }
        steps.goTo(field.step());
        String message = e instanceof InvalidValueException ? rule(e) : e.getMessage();
        return Optional.of(new FieldError(field, message));
    }

    /** The guest image as the summary names it: none on a libvirt host, which does not run one. */
    private String imageLabel() {
        return host().map(HostChoice::embedded).orElse(true) ? workloadLabel(workload) : "none (a libvirt host runs no guest image)";
    }

    public static String workloadLabel(String workload) {
        try {
            return WorkloadKind.valueOf(workload).label();
        } catch (IllegalArgumentException | NullPointerException e) {
            return String.valueOf(workload);
        }
    }

    // ---- parsing and rules ----

    private long memoryMiB() {
        Matcher m = MEMORY.matcher(memory.strip());
        if (!m.matches()) {
            throw new IllegalStateException("memory not validated");
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "m" : m.group(2).toLowerCase(Locale.ROOT);
        return unit.startsWith("g") ? value * 1024 : value;
    }

    private Integer parseVcpus(List<FieldError> errors) {
        String text = vcpus.strip();
        if (text.isEmpty()) {
            errors.add(new FieldError(Field.VCPUS, "Is required"));
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(Field.VCPUS, "Must be a whole number, such as 2"));
            return null;
        }
    }

    private Long parseMemory(List<FieldError> errors) {
        String text = memory.strip();
        if (text.isEmpty()) {
            errors.add(new FieldError(Field.MEMORY, "Is required"));
            return null;
        }
        if (!MEMORY.matcher(text).matches()) {
            errors.add(new FieldError(Field.MEMORY, "Must be a whole number of MiB, such as 2048 (or 2 GiB)"));
            return null;
        }
        return memoryMiB();
    }

    private static VmSpec spec(String name, Integer vcpus, Long memoryMiB) {
        return new VmSpec(name, null, "PV", vcpus, memoryMiB, null, "IDLE", null, null, null, null, null, null, null, false);
    }

    private static void check(List<FieldError> errors, Field expected, Runnable rule) {
        try {
            rule.run();
        } catch (InvalidValueException e) {
            Field field = fieldOf(e.field());
            errors.add(new FieldError(field == null ? expected : field, rule(e)));
        }
    }

    private static Field fieldOf(String serverField) {
        return switch (serverField == null ? "" : serverField) {
            case "name" -> Field.NAME;
            case "type" -> Field.TYPE;
            case "workload" -> Field.WORKLOAD;
            case "vcpus" -> Field.VCPUS;
            case "memoryMiB" -> Field.MEMORY;
            case "hostId", "poolId" -> Field.HOST;
            case "antiAffinityGroup" -> Field.ANTI_AFFINITY;
            case "networkId", "mac", "rate", "device" -> Field.NICS;
            default -> null;
        };
    }

    /** The rule an invalid value broke, as a sentence for the field ("Must be at least 16 MiB"). */
    private static String rule(HypervisorException e) {
        Object rule = e.params().get("rule");
        if (rule == null || rule.toString().isBlank()) {
            return e.getMessage();
        }
        String text = rule.toString();
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
