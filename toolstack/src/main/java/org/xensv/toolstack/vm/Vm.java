package org.xensv.toolstack.vm;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.PowerStateTable;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;

/** A VM's desired configuration and its last known state: the database is the desired state. */
@Entity
@Table(name = "vm")
class Vm {

    @Id
    private UUID id;
    @Column(name = "host_id")
    private UUID hostId;
    private String name;
    /** The name in lower case, which the list sorts by (see VmSort.NAME); written with the name. */
    @Column(name = "name_key")
    private String nameKey;
    private String description;
    @Enumerated(EnumType.STRING)
    @Column(name = "domain_type")
    private DomainType type;
    private int vcpus;
    @Column(name = "memory_mib")
    private long memoryMiB;
    /** The embedded runtime's guest workload; null (all five) for a VM on a host of another driver. */
    @Enumerated(EnumType.STRING)
    private WorkloadKind workload;
    @Column(name = "workload_fill_mib")
    private Long workloadFillMiB;
    @Column(name = "workload_set_mib")
    private Long workloadSetMiB;
    @Column(name = "workload_rate")
    private Long workloadRate;
    @Column(name = "workload_seed")
    private Long workloadSeed;
    @Enumerated(EnumType.STRING)
    @Column(name = "on_crash")
    private CrashAction onCrash;
    @Column(name = "cpu_weight")
    private int cpuWeight;
    @Column(name = "cpu_cap")
    private int cpuCap;
    @Column(name = "qos_policy_id")
    private UUID qosPolicyId;
    @Enumerated(EnumType.STRING)
    @Column(name = "power_state")
    private PowerState powerState;
    @Column(name = "state_unknown")
    private boolean stateUnknown;
    @Enumerated(EnumType.STRING)
    @Column(name = "current_operation")
    private Operation currentOperation;
    /** A template: never started, only copied into new VMs (see the template package). */
    @Column(name = "is_template")
    private boolean template;
    /** Set while the console's stop holds the VM suspended: the state the next start brings it back to. */
    @Enumerated(EnumType.STRING)
    @Column(name = "restore_state")
    private PowerState restoreState;
    @Column(name = "last_event")
    private String lastEvent;
    @Column(name = "last_event_at")
    private Instant lastEventAt;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;
    /** Placement keeps VMs of one group on different hosts where it can (see {@link Placement}); null: none. */
    @Column(name = "anti_affinity_group")
    private String antiAffinityGroup;
    /** Moves only when a person changes the VM's settings, never with what the reconciler records. */
    @Column(name = "settings_version")
    private long settingsVersion;
    /** High availability: restarted elsewhere when its host is lost (see {@link HaPriority}); null = unprotected. */
    @Enumerated(EnumType.STRING)
    @Column(name = "ha_restart_priority")
    private HaPriority haPriority;
    @Column(name = "ha_restart_order")
    private int haOrder;

    protected Vm() {
    }

    /** A VM defined from the config; {@code workload}: whether its host runs the config's workload (embedded hosts only). */
    Vm(DomainConfig config, UUID hostId, String description, boolean workload) {
        this.id = config.uuid();
        this.hostId = hostId;
        this.name = config.name().value();
        this.nameKey = name.toLowerCase(Locale.ROOT);
        this.description = description == null ? "" : description;
        this.type = config.type();
        this.vcpus = config.vcpus().value();
        this.memoryMiB = config.memory().value();
        if (workload) {
            WorkloadSpec w = config.workload();
            this.workload = w.kind();
            this.workloadFillMiB = w.fillMiB();
            this.workloadSetMiB = w.workingSetMiB();
            this.workloadRate = w.pagesPerSecond();
            this.workloadSeed = w.seed();
        }
        this.onCrash = config.onCrash();
        this.cpuWeight = config.cpuQos().weight();
        this.cpuCap = config.cpuQos().capPercent();
        this.powerState = PowerState.HALTED;
        this.createdAt = Instant.now();
    }

    UUID id() {
        return id;
    }

    String antiAffinityGroup() {
        return antiAffinityGroup;
    }

    /** Puts the VM in an anti-affinity group (checked by {@link VmSpecs#antiAffinityGroup}), or in none (null). */
    void joinAntiAffinityGroup(String group) {
        this.antiAffinityGroup = group;
    }

    String name() {
        return name;
    }

    /** The optimistic-lock version: it moves on every change of the row. */
    long version() {
        return version;
    }

    /** The version of the settings an admin edits (see the V15 migration): stale edits are refused against it. */
    long settingsVersion() {
        return settingsVersion;
    }

    UUID hostId() {
        return hostId;
    }

    HaPriority haPriority() {
        return haPriority;
    }

    int haOrder() {
        return haOrder;
    }

    long memoryMiB() {
        return memoryMiB;
    }

    /** Sets the HA restart priority (null = unprotected) and order, as an admin's settings change. */
    void changeHa(HaPriority priority, int order) {
        this.haPriority = priority;
        this.haOrder = order;
        this.settingsVersion++;
    }

    /** The HA protection a new VM is created with (no settings change yet). */
    void protect(HaPriority priority, int order) {
        this.haPriority = priority;
        this.haOrder = order;
    }

    void movedTo(UUID host) {
        this.hostId = host;
    }

    int vcpus() {
        return vcpus;
    }

    UUID qosPolicyId() {
        return qosPolicyId;
    }

    /** The VM's own CPU weight, null when it has none (Xen's default, 256: its policy's applies). */
    Integer ownCpuWeight() {
        return cpuWeight == CpuQos.DEFAULT.weight() ? null : cpuWeight;
    }

    /** The VM's own CPU cap, null when it has none (0: its policy's applies). */
    Integer ownCpuCap() {
        return cpuCap == CpuQos.DEFAULT.capPercent() ? null : cpuCap;
    }

    /** New CPU values of its own (null = none: its policy's, else the default) and QoS policy (null = none). */
    void changeQos(Integer weight, Integer cap, UUID policyId) {
        setQos(weight, cap, policyId);
        this.settingsVersion++;
    }

    /** Puts back the QoS and settings version a refused change found: as if it had not been tried. */
    void undoQos(Integer weight, Integer cap, UUID policyId, long settingsVersion) {
        setQos(weight, cap, policyId);
        this.settingsVersion = settingsVersion;
    }

    private void setQos(Integer weight, Integer cap, UUID policyId) {
        this.cpuWeight = weight == null ? CpuQos.DEFAULT.weight() : weight;
        this.cpuCap = cap == null ? CpuQos.DEFAULT.capPercent() : cap;
        this.qosPolicyId = policyId;
    }

    PowerState powerState() {
        return powerState;
    }

    boolean stateUnknown() {
        return stateUnknown;
    }

    Operation currentOperation() {
        return currentOperation;
    }

    DomainConfig config() {
        return new DomainConfig(id, new DomainName(name), type, new VcpuCount(vcpus), new MemoryMiB(memoryMiB),
                workload(), onCrash, new CpuQos(cpuWeight, cpuCap));
    }

    /** The embedded runtime's workload, or null where the VM has none (a VM on a libvirt host). */
    WorkloadSpec workload() {
        return workload == null ? null : new WorkloadSpec(workload, workloadFillMiB, workloadSetMiB, workloadRate, workloadSeed);
    }

    boolean template() {
        return template;
    }

    /** Makes the (halted) VM a template; see {@link VmService#convertToTemplate}. */
    void becomeTemplate() {
        template = true;
        event("Converted to a template.");
    }

    java.util.Set<Operation> allowedOperations() {
        if (stateUnknown) {
            return java.util.EnumSet.noneOf(Operation.class);
        }
        if (template) {
            // a template is never started: it can only be deleted (or copied, which is no power operation)
            return currentOperation == null && powerState == PowerState.HALTED
                    ? java.util.EnumSet.of(Operation.DESTROY) : java.util.EnumSet.noneOf(Operation.class);
        }
        return PowerStateTable.allowedOperations(powerState,
                currentOperation == null ? List.of() : List.of(currentOperation));
    }

    void begin(Operation op) {
        currentOperation = op;
    }

    /** Ends the current operation, recording the state the host reports now. */
    void end(PowerState actual) {
        currentOperation = null;
        if (actual != null) {
            powerState = actual;
            stateUnknown = false;
        }
    }

    /** Returns true if anything changed. */
    boolean observed(PowerState actual) {
        boolean changed = powerState != actual || stateUnknown;
        powerState = actual;
        stateUnknown = false;
        return changed;
    }

    /** Returns true if anything changed. */
    boolean lostContact() {
        boolean changed = !stateUnknown;
        stateUnknown = true;
        return changed;
    }

    /** The console's stop suspended the VM, which was {@code before}: the next start brings it back so. */
    void suspendedByStop(PowerState before) {
        restoreState = before;
        powerState = PowerState.SUSPENDED;
        stateUnknown = false;
        event("Suspended when the console stopped (it was " + before.label() + "); the next start brings it back "
                + before.label() + ".");
    }

    /** The state a restart should bring the VM back to, or null if the console's stop did not suspend it. */
    PowerState restoreState() {
        return restoreState;
    }

    void restored() {
        restoreState = null;
    }

    /** Records what happened to the VM that no one asked for, shown with the VM until the next one. */
    void event(String text) {
        lastEvent = text.length() <= 1000 ? text : text.substring(0, 1000);
        lastEventAt = Instant.now();
    }

    void clearInterruptedOperation() {
        currentOperation = null;
    }

    VmView view(String hostName, List<String> tags) {
        return new VmView(id, name, description, hostId, hostName, type, vcpus, memoryMiB, workload(), onCrash,
                cpuWeight, cpuCap, powerState, stateUnknown, currentOperation, allowedOperations(), tags, createdAt,
                lastEvent, lastEventAt, template, antiAffinityGroup, haPriority, haOrder);
    }
}
