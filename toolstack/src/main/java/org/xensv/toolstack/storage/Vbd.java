package org.xensv.toolstack.storage;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.qos.QosValue;

/**
 * A VM's disk: an image attached under a device name, read-only or read-write, with IO limits of its
 * own (0 = none) and an optional QoS policy whose limits apply where it has none.
 */
@Entity
@Table(name = "vbd")
class Vbd {

    @Id
    private UUID id;
    @Column(name = "vm_id")
    private UUID vmId;
    @Column(name = "image_id")
    private UUID imageId;
    private String device;
    @Column(name = "read_only")
    private boolean readOnly;
    private boolean bootable;
    private boolean cdrom;
    @Column(name = "iops_limit")
    private long iopsLimit;
    @Column(name = "mbps_limit")
    private long mbpsLimit;
    @Column(name = "qos_policy_id")
    private UUID qosPolicyId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected Vbd() {
    }

    Vbd(UUID vmId, UUID imageId, String device, boolean readOnly, boolean bootable, boolean cdrom, long iopsLimit, long mbpsLimit,
        UUID qosPolicyId) {
        this.id = UUID.randomUUID();
        this.vmId = vmId;
        this.imageId = imageId;
        this.device = device;
        this.readOnly = readOnly;
        this.bootable = bootable;
        this.cdrom = cdrom;
        this.iopsLimit = iopsLimit;
        this.mbpsLimit = mbpsLimit;
        this.qosPolicyId = qosPolicyId;
        this.createdAt = Instant.now();
    }

    /** New IO limits of its own (0 = none: its policy's apply) and QoS policy (null = none). */
    void changeQos(long iops, long mbps, UUID policyId) {
        this.iopsLimit = iops;
        this.mbpsLimit = mbps;
        this.qosPolicyId = policyId;
    }

    UUID qosPolicyId() {
        return qosPolicyId;
    }

    /** The IOPS limit that applies (0 = unlimited) and where it comes from: its own (not 0), its policy's, or none. */
    QosValue<Long> effectiveIops(QosSettings policy) {
        return QosValue.of(iopsLimit == 0 ? null : iopsLimit, "vbd", policy, QosSettings::diskIops, 0L);
    }

    /** The MB/s limit that applies (0 = unlimited) and where it comes from. */
    QosValue<Long> effectiveMBps(QosSettings policy) {
        return QosValue.of(mbpsLimit == 0 ? null : mbpsLimit, "vbd", policy, QosSettings::diskMBps, 0L);
    }

    UUID id() {
        return id;
    }

    UUID vmId() {
        return vmId;
    }

    UUID imageId() {
        return imageId;
    }

    String device() {
        return device;
    }

    boolean readOnly() {
        return readOnly;
    }

    boolean bootable() {
        return bootable;
    }

    boolean cdrom() {
        return cdrom;
    }

    /** The optimistic-lock version: it moves when a person changes the disk's QoS. */
    long version() {
        return version;
    }

    long iopsLimit() {
        return iopsLimit;
    }

    long mbpsLimit() {
        return mbpsLimit;
    }

    VbdView view(String imageName, long sizeBytes, QosSettings policy) {
        return new VbdView(id, vmId, imageId, imageName, sizeBytes, device, readOnly ? "RO" : "RW", bootable, cdrom,
                iopsLimit, mbpsLimit, qosPolicyId, policy == null ? null : policy.name(), effectiveIops(policy),
                effectiveMBps(policy), version);
    }
}
