package org.xensv.hypervisor.migration;

import java.io.DataInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.memory.Pages;

/**
 * The destination side of one migration: creates the domain in the incoming state, installs pages,
 * verifies, and resumes only once it holds everything and the source committed (pre-copy) or
 * switched over (post-copy). Before that, any failure discards the incoming domain.
 */
final class IncomingSession {

    enum State { RECEIVING, READY, POST_COPY, RESUMED, DISCARDED }

    final UUID id;
    private final MigrationTarget target;
    private IncomingDomain domain;
    private GuestMemory memory;
    private volatile State state = State.RECEIVING;
    private byte[] vcpuState;
    private volatile StreamWriter back;
    private static final MemorySegment ZERO_PAGE = Pages.zeroPage();
    private final Map<Long, Long> faulted = new ConcurrentHashMap<>();
    private final AtomicLong waitNanos = new AtomicLong();
    private ReceivedChecksum received;
    private java.util.List<IncomingDisk> disks = java.util.List.of();
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    IncomingSession(UUID id, MigrationTarget target) {
        this.id = id;
        this.target = target;
    }

    State state() {
        return state;
    }

    /** DOMAIN_CONFIG: create the incoming domain or refuse. */
    void prepare(StreamReader reader, StreamWriter writer) throws IOException {
        back = writer;
        StreamReader.Record r = reader.read();
        if (r.type() != RecordType.DOMAIN_CONFIG) {
            throw new StreamCorruptedException("expected DOMAIN_CONFIG, got " + r.type());
        }
        DataInputStream in = r.data();
        long pages = in.readLong();
        byte[] config = in.readNBytes(in.readInt());
        long[] diskSizes = new long[in.readInt()];
        for (int i = 0; i < diskSizes.length; i++) {
            diskSizes[i] = in.readLong();
        }
        try {
            domain = target.prepareIncoming(config);
        } catch (HypervisorException e) {
            state = State.DISCARDED;
            sendError(writer, e.code(), e.getMessage());
            throw new IOException("refused: " + e.getMessage());
        }
        memory = domain.memory();
        memory.retain();
        received = new ReceivedChecksum(memory.pages());
        if (memory.pages() != pages) {
            discard();
            sendError(writer, "MIGRATION_INCOMPATIBLE", "the stream carries " + pages + " pages but the domain on " + target.hostName()
                    + " has " + memory.pages());
            throw new IOException("page count mismatch");
        }
        disks = domain.disks();
        long[] prepared = disks.stream().mapToLong(IncomingDisk::sizeBytes).toArray();
        if (!java.util.Arrays.equals(prepared, diskSizes)) {
            discard();
            sendError(writer, "MIGRATION_INCOMPATIBLE", "the VM brings " + diskSizes.length + " host-local disk image(s) of "
                    + java.util.Arrays.toString(diskSizes) + " bytes but " + target.hostName() + " prepared " + prepared.length
                    + " of " + java.util.Arrays.toString(prepared) + " bytes");
            throw new IOException("disk mismatch");
        }
        writer.write(RecordType.ACCEPT, new byte[0]);
    }

    /** Receives records until the session ends (returns) or the connection fails (throws). */
    void receive(StreamReader reader, StreamWriter writer) throws IOException {
        back = writer;
        while (true) {
            StreamReader.Record r;
            try {
                r = reader.read(pageSink);
            } catch (java.io.EOFException e) {
                if (state == State.RESUMED) {
                    return; // the source verified the memory and let go
                }
                throw e;
            }
            switch (r.type()) {
                case PAGE_BATCH -> { } // its pages went to the sink as they were read and verified
                case DISK_BLOCKS -> installBlocks(r);
                case ZERO_PAGES -> installZeros(r);
                case END_OF_ROUND -> writer.write(RecordType.ROUND_RECEIVED, java.util.Arrays.copyOf(r.payload(), r.length()));
                case SYNC -> writer.write(RecordType.SYNCED, java.util.Arrays.copyOf(r.payload(), r.length()));
                case VCPU_STATE -> vcpuState = java.util.Arrays.copyOf(r.payload(), r.length());
                case DONE -> {
                    if (state == State.POST_COPY) {
                        finishPostCopy(writer);
                    } else {
                        if (vcpuState == null) {
                            throw new StreamCorruptedException("DONE before VCPU_STATE");
                        }
                        state = State.READY;
                        long checksum = received.value();
                        writer.write(RecordType.READY, StreamWriter.payload(out -> out.writeLong(checksum)));
                    }
                }
                case COMMIT -> resume(writer);
                case ROLLBACK -> {
                    rollBack(writer);
                    return;
                }
                case SWITCHOVER -> switchover(r, writer);
                default -> throw new StreamCorruptedException("unexpected record " + r.type());
            }
        }
    }

    /**
     * A verified page, still in the receive buffer: copied once, native to native, into guest memory;
     * or, before the guest runs, read straight into its memory and verified there.
     */
    private final StreamReader.PageSink pageSink = new StreamReader.PageSink() {
        @Override
        public void page(long pfn, int crc, MemorySegment page) throws IOException {
            checkInside(pfn, 1);
            received.set(pfn, crc, page);
            install(pfn, crc, page);
        }

        @Override
        public void arriving(long first, long count) throws IOException {
            checkInside(first, count);
            memory.prepareWrite(first, count); // backed in one call, not one page fault per page
        }

        /** Before the guest runs (pre-copy), pages land in its memory straight from the socket; any failure discards it. */
        @Override
        public MemorySegment placement(long first, long count) throws IOException {
            if (state != State.RECEIVING) {
                return null;
            }
            checkInside(first, count);
            return memory.placement(first, count);
        }

        @Override
        public void placed(long pfn, int crc) {
            received.set(pfn, crc, memory.placement(pfn, 1));
            memory.placed(pfn, crc);
        }
    };

    private void checkInside(long first, long count) throws StreamCorruptedException {
        if (first < 0 || count < 1 || first + count > memory.pages()) {
            throw new StreamCorruptedException("PAGE_BATCH: page " + (first < 0 || count < 1 ? first : first + count - 1)
                    + " lies outside the guest's " + memory.pages() + " pages");
        }
    }

    private void installBlocks(StreamReader.Record r) throws StreamCorruptedException {
        int disk = r.getInt(0);
        int n = r.getInt(4);
        if (disk < 0 || disk >= disks.size() || n < 0 || 8L + (8L + MigratingDisk.BLOCK_SIZE) * n != r.length()) {
            throw new StreamCorruptedException("DISK_BLOCKS for disk " + disk + " of " + disks.size() + " with " + n + " blocks has "
                    + r.length() + " bytes");
        }
        IncomingDisk image = disks.get(disk);
        int data = 8 + n * 8;
        for (int i = 0; i < n; i++) {
            long block = r.getLong(8 + i * 8);
            if (block < 0 || block * MigratingDisk.BLOCK_SIZE >= image.sizeBytes()) {
                throw new StreamCorruptedException("DISK_BLOCKS: block " + block + " lies outside disk " + disk);
            }
            image.writeBlock(block, r.payload(), data + i * MigratingDisk.BLOCK_SIZE);
        }
    }

    private void installZeros(StreamReader.Record r) {
        int n = r.getInt(0);
        for (int i = 0; i < n; i++) {
            long pfn = r.getLong(4 + i * 8);
            if (state == State.POST_COPY || memory.isPopulated(pfn)) {
                install(pfn, Pages.ZERO_PAGE_CRC, ZERO_PAGE);
            }
            received.clear(pfn);
        }
    }

    private void install(long pfn, int crc, MemorySegment content) {
        if (state == State.POST_COPY) {
            if (!memory.installPage(pfn, content, crc)) {
                return; // the guest has it already and may have written it since
            }
            Long since = faulted.remove(pfn);
            if (since != null) {
                waitNanos.addAndGet(System.nanoTime() - since);
            }
            return;
        }
        memory.writePage(pfn, content, crc);
    }

    private synchronized void resume(StreamWriter writer) throws IOException {
        if (state != State.READY) {
            throw new StreamCorruptedException("COMMIT in state " + state);
        }
        domain.start(vcpuState);
        state = State.RESUMED;
        writer.write(RecordType.RESUMED, StreamWriter.payload(out -> out.writeLong(System.nanoTime())));
    }

    /** The source found the received memory differs from its own at the pause: destroy the copy running here. */
    private synchronized void rollBack(StreamWriter writer) throws IOException {
        if (state != State.RESUMED) {
            throw new StreamCorruptedException("ROLLBACK in state " + state);
        }
        memory.setFaultHandler(null);
        domain.discard();
        state = State.DISCARDED;
        writer.write(RecordType.ROLLED_BACK, new byte[0]);
    }

    private void switchover(StreamReader.Record r, StreamWriter writer) throws IOException {
        DataInputStream in = r.data();
        vcpuState = in.readNBytes(in.readInt());
        int words = in.readInt();
        for (int w = 0; w < words; w++) {
            long bits = in.readLong();
            while (bits != 0) {
                long pfn = ((long) w << 6) + Long.numberOfTrailingZeros(bits);
                memory.markAbsent(pfn);
                received.clear(pfn);
                bits &= bits - 1;
            }
        }
        memory.setFaultHandler(this::pageFault);
        synchronized (this) {
            state = State.POST_COPY;
            domain.start(vcpuState);
        }
        writer.write(RecordType.RESUMED, StreamWriter.payload(out -> out.writeLong(System.nanoTime())));
    }

    /** A vCPU touched an absent page: ask the source for it (once), remember since when it waits. */
    private void pageFault(long pfn) {
        if (faulted.putIfAbsent(pfn, System.nanoTime()) == null) {
            request(back, pfn);
        }
    }

    private void request(StreamWriter writer, long pfn) {
        byte[] payload = new byte[12];
        StreamWriter.putInt(payload, 0, 1);
        StreamWriter.putLong(payload, 4, pfn);
        try {
            writer.write(RecordType.PAGE_REQUEST, payload, 0, 12, true);
        } catch (IOException linkDown) {
            // asked again when the source reconnects
        }
    }

    /** The source reconnected after a post-copy link failure: tell it which pages are still absent. */
    void recover(StreamWriter writer) throws IOException {
        back = writer;
        long[] absent = new long[(int) ((memory.pages() + 63) >>> 6)];
        for (long pfn = 0; pfn < memory.pages(); pfn++) {
            if (memory.isAbsent(pfn)) {
                absent[(int) (pfn >>> 6)] |= 1L << pfn;
            }
        }
        writer.write(RecordType.ABSENT_PAGES, StreamWriter.payload(out -> {
            out.writeInt(absent.length);
            for (long w : absent) {
                out.writeLong(w);
            }
        }));
        for (Long pfn : faulted.keySet()) {
            request(writer, pfn);
        }
    }

    private void finishPostCopy(StreamWriter writer) throws IOException {
        if (memory.absentPages() != 0) {
            throw new StreamCorruptedException("post-copy DONE with " + memory.absentPages() + " pages still absent");
        }
        memory.setFaultHandler(null);
        state = State.RESUMED;
        long checksum = received.value();
        writer.write(RecordType.COMPLETE, StreamWriter.payload(out -> {
            out.writeLong(waitNanos.get());
            out.writeLong(checksum);
        }));
    }

    /** The connection failed. Before the guest runs here, discard it; in post-copy, wait for the source. */
    synchronized void connectionLost(StreamWriter writer, IOException e) {
        if (state == State.RECEIVING || state == State.READY) {
            if (e instanceof StreamCorruptedException) {
                sendError(writer, "MIGRATION_STREAM_CORRUPT", e.getMessage());
            }
            discard();
        }
    }

    /** A status query after a lost link: does the guest run here? Discards a copy not yet committed. */
    synchronized String status() {
        if (state == State.RESUMED || state == State.POST_COPY) {
            return "RESUMED";
        }
        discard();
        return "DISCARDED";
    }

    synchronized void discard() {
        if (state != State.RESUMED && state != State.POST_COPY && domain != null) {
            domain.discard();
        }
        if (state != State.RESUMED && state != State.POST_COPY) {
            state = State.DISCARDED;
        }
    }

    /** True once nothing more can happen to this session (the guest runs here for good, or it was discarded). */
    boolean finished() {
        return state == State.RESUMED || state == State.DISCARDED;
    }

    /** This session's hold on the domain's memory ends (once the session has {@link #finished}). */
    void releaseMemory() {
        if (memory != null && released.compareAndSet(false, true)) {
            memory.release();
        }
    }

    static void sendError(StreamWriter writer, String code, String message) {
        try {
            writer.write(RecordType.ERROR, StreamWriter.payload(out -> {
                out.writeUTF(code);
                out.writeUTF(message);
            }));
        } catch (IOException | RuntimeException ignored) {
            // the source learns of it from the closed connection
        }
    }
}
