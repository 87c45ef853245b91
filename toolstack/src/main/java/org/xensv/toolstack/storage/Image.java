package org.xensv.toolstack.storage;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A disk image: a file in a storage repository's directory. */
@Entity
@Table(name = "image")
class Image {

    @Id
    private UUID id;
    @Column(name = "sr_id")
    private UUID srId;
    private String name;
    private String description;
    @Enumerated(EnumType.STRING)
    private ImageFormat format;
    @Column(name = "size_bytes")
    private long sizeBytes;
    @Column(name = "file_name")
    private String fileName;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected Image() {
    }

    Image(UUID id, UUID srId, String name, String description, ImageFormat format, long sizeBytes) {
        this.id = id;
        this.srId = srId;
        this.name = name;
        this.description = description == null ? "" : description;
        this.format = format;
        this.sizeBytes = sizeBytes;
        this.fileName = fileName(id, format);
        this.createdAt = Instant.now();
    }

    static String fileName(UUID id, ImageFormat format) {
        return id + (format == ImageFormat.ISO ? ".iso" : ".img");
    }

    UUID id() {
        return id;
    }

    UUID srId() {
        return srId;
    }

    String name() {
        return name;
    }

    ImageFormat format() {
        return format;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** The size the guest sees in whole MiB (an ISO's last partial MiB reads as zeros). */
    long sizeMiB() {
        return Math.max(1, (sizeBytes + (1 << 20) - 1) >> 20);
    }

    String fileName() {
        return fileName;
    }

    boolean readOnly() {
        return format == ImageFormat.ISO;
    }

    void resized(long bytes) {
        this.sizeBytes = bytes;
    }

    /** The image's file now lives in another repository (a migration copied it to the destination's local SR). */
    void movedTo(UUID sr) {
        this.srId = sr;
    }

    ImageView view(String srName, java.util.List<String> vms) {
        return new ImageView(id, name, description, srId, srName, format, sizeBytes, readOnly(), vms, createdAt);
    }
}
