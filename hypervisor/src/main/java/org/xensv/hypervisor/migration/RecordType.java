package org.xensv.hypervisor.migration;

/**
 * The records of the migration stream (in the spirit of Xen's migration stream v2). Every record is
 * {@code type:int32 length:int32 payload[length] crc32c:int32}, big-endian, the checksum over type,
 * length and payload. Source to destination unless marked.
 */
enum RecordType {
    /** magic:int64 version:int32 flags:int32 migrationId:2*int64. */
    HEADER,
    /** pages:int64 config-length:int32 config:bytes (the runtime's encoding) disks:int32 size:int64[disks] (the travelling images). */
    DOMAIN_CONFIG,
    /**
     * count:int32 pfn:int64[count] crc32c:int32[count] page:4096[count]. The record's CRC32C covers
     * the header, count, pfns and CRCs; each page is covered by its own CRC32C, which the destination
     * verifies and also adds into its running checksum of the memory it received.
     */
    PAGE_BATCH,
    /** count:int32 pfn:int64[count]: pages that read as zeros. */
    ZERO_PAGES,
    /** round:int32. */
    END_OF_ROUND,
    /** state:bytes (vCPU and workload state, captured while paused). */
    VCPU_STATE,
    /** Everything sent, the source is paused (pre-copy), or every page pushed (post-copy). */
    DONE,
    /**
     * The destination may resume once it holds everything (it answers READY, then RESUMED); the source
     * will never run again. Sent right behind DONE, without waiting for READY, so the switchover costs
     * one round trip; a destination that finds the stream incomplete answers ERROR and discards its copy.
     */
    COMMIT,
    /** Post-copy switch: state-length:int32 state:bytes words:int32 bitmap:int64[words] of pages the destination lacks. */
    SWITCHOVER,
    /** Destination to source: count:int32 pfn:int64[count] the guest faulted on. */
    PAGE_REQUEST,
    /** Destination to source: the domain is created in the incoming state. */
    ACCEPT,
    /** Destination to source: checksum:int64 of the memory it received; it holds everything, waiting for COMMIT. */
    READY,
    /** Destination to source: nanoTime:int64 the guest runs on the destination. */
    RESUMED,
    /** Destination to source: waitNanos:int64 checksum:int64; post-copy finished, no page absent. */
    COMPLETE,
    /** Destination to source: code:utf message:utf; the destination discarded its copy. */
    ERROR,
    /** Destination to source, post-copy recovery: words:int32 bitmap:int64[words] of pages still absent. */
    ABSENT_PAGES,
    /** Destination to source, answer to a status query: state:utf. */
    STATUS,
    /**
     * After RESUMED or COMPLETE: the received memory's checksum differs from the source's at the
     * pause; the destination must destroy its copy (the source resumes from the pause).
     */
    ROLLBACK,
    /** Destination to source: its copy is destroyed after a ROLLBACK. */
    ROLLED_BACK,
    /** disk:int32 count:int32 block:int64[count] data:65536[count] (a host-local disk image's blocks). */
    DISK_BLOCKS,
    /**
     * Destination to source: round:int32, answering END_OF_ROUND once every record before it arrived.
     * Before it pauses the guest, the source waits for the last round's: what it wrote may still be in
     * socket buffers, relays and the link's queue, and the stop-and-copy would wait behind it, paused.
     */
    ROUND_RECEIVED,
    /**
     * bytes:int64, the stream's byte count when it was written (stream version 3). The destination
     * answers SYNCED with the same payload once every record before it arrived: the source keeps at
     * most a window of bytes unanswered (see {@link Link#flowControl}).
     */
    SYNC,
    /** Destination to source: bytes:int64, answering SYNC. */
    SYNCED;

    private static final RecordType[] VALUES = values();

    int code() {
        return ordinal() + 1;
    }

    static RecordType of(int code) {
        return code >= 1 && code <= VALUES.length ? VALUES[code - 1] : null;
    }
}
