package org.xensv.toolstack.storage;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A VM's disk: an image attached under a device name, read-only or read-write, with IO limits. */
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
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected Vbd() {
    }

    Vbd(UUID vmId, UUID imageId, String device, boolean readOnly, boolean bootable, boolean cdrom, long iopsLimit, long mbpsLimit) {
        this.id = UUID.randomUUID();
        this.vmId = vmId;
        this.imageId = imageId;
        this.device = device;
        this.readOnly = readOnly;
        this.bootable = bootable;
        this.cdrom = cdrom;
        this.iopsLimit = iopsLimit;
        this.mbpsLimit = mbpsLimit;
        this.createdAt = Instant.now();
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

    long iopsLimit() {
        return iopsLimit;
    }

    long mbpsLimit() {
        return mbpsLimit;
    }

    VbdView view(String imageName, long sizeBytes) {
        return new VbdView(id, vmId, imageId, imageName, sizeBytes, device, readOnly ? "RO" : "RW", bootable, cdrom,
                iopsLimit, mbpsLimit);
    }
}
