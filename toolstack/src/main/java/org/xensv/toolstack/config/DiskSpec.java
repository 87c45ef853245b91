package org.xensv.toolstack.config;

import java.util.List;

/**
 * A disk as xl-disk-configuration(5) and libvirt's {@code <disk>} describe it: the backing file or
 * device ({@code target}), its format, the guest device ({@code vdev}: xvda, hdc, sda, vdb...),
 * read-only, CD-ROM, xl's backend type (phy, qdisk, tap; null = xl's choice), IO limits (libvirt's
 * iotune; 0 = none; xl.cfg has no such setting), and the disk settings read but not supported, as
 * written ({@code script=...}, {@code discard}).
 */
record DiskSpec(String target, String format, String vdev, boolean readOnly, boolean cdrom,
                       String backendType, long iopsLimit, long bytesPerSecondLimit, List<String> extra) {

    public DiskSpec {
        extra = extra == null ? List.of() : List.copyOf(extra);
    }

    /** A block device (libvirt {@code type='block'}) rather than an image file. */
    public boolean blockDevice() {
        return "phy".equals(backendType) || target != null && target.startsWith("/dev/");
    }
}
