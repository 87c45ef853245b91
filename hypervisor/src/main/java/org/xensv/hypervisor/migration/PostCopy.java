package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.time.Duration;
import org.xensv.hypervisor.memory.DirtyPages;
import org.xensv.hypervisor.memory.GuestMemory;

/**
 * The post-copy end of a migration (as QEMU's postcopy-ram): pause the source, send the vCPU state and
 * the bitmap of pages the destination lacks, let it resume, then answer its page requests first while
 * pushing the rest in the background. Each page is sent once. If the link fails the destination guest
 * waits on its missing pages; this side reconnects and resends what the destination says it still lacks.
 */
final class PostCopy {

    /** The link stayed down past the recovery timeout: the guest's memory is split across two hosts. */
    static final class SplitMemory extends IOException {
        SplitMemory(String message) {
            super(message);
        }
    }

    /** Background push: about this much link time per record, so a page request waits at most that long behind it. */
    private static final long PUSH_SLICE_NANOS = 500_000;
    private static final int PUSH_MIN = 16;
    private static final int PUSH_MAX = 128;

    private final MigrationSender m;
    private final GuestMemory memory;
    private long[] unsent;
    private long remaining;
    private long requests;
    private long cursor;

    PostCopy(MigrationSender sender) {
        this.m = sender;
        this.memory = sender.memory;
    }

    MigrationReport run(boolean fromStart) throws IOException, InterruptedException {
        return run(fromStart ? 0 : Long.MAX_VALUE);
    }

    /**
     * Switches to the destination: it lacks the pages dirtied since they were sent and every populated
     * page from {@code unvisitedFrom} on (0: all of them, from the start; {@code Long.MAX_VALUE}: none,
     * after complete rounds; in between: round 0 stopped there).
     */
    MigrationReport run(long unvisitedFrom) throws IOException, InterruptedException {
        m.setPhase(MigrationPhase.SWITCHOVER);
        m.checkCancel();
        m.pauseSource();
        DirtyPages need = unvisitedFrom == 0 ? populated(0) : memory.readAndClearDirty();
        if (unvisitedFrom > 0 && unvisitedFrom != Long.MAX_VALUE) {
            need = need.or(populated(unvisitedFrom));
        }
        memory.disableLogDirty();
        m.disks.sendDirty(m.link.writer, m::checkCancel); // disk blocks do not fault in: the last ones go now, paused
        unsent = need.words().clone();
        remaining = need.count();
        byte[] state = m.source.captureState();
        byte[] switchover = new byte[4 + state.length + 4 + 8 * unsent.length];
        StreamWriter.putInt(switchover, 0, state.length);
        System.arraycopy(state, 0, switchover, 4, state.length);
        StreamWriter.putInt(switchover, 4 + state.length, unsent.length);
        for (int i = 0, off = 8 + state.length; i < unsent.length; i++, off += 8) {
            StreamWriter.putLong(switchover, off, unsent[i]);
        }
        if (!m.enterNoReturn()) {
            throw new MigrationSender.CancelledException();
        }
        m.link.writer.write(RecordType.SWITCHOVER, switchover);
        m.awaitCommitted(RecordType.RESUMED);
        long downtime = System.nanoTime() - m.pauseStart;
        m.setPhase(MigrationPhase.POST_COPY);
        long pushStart = System.nanoTime();
        long before = m.bytesSent();
        long sentBefore = m.pages.pagesSent;
        long zerosBefore = m.pages.zeroPagesSent;
        Link.Reply complete = push();
        m.rounds.add(new RoundReport(m.rounds.size(), "post-copy", m.pages.pagesSent - sentBefore, m.pages.zeroPagesSent - zerosBefore,
                m.bytesSent() - before, 0, 0, Duration.ofNanos(System.nanoTime() - pushStart), 0));
        long waitNanos = Link.longAt(complete, 0);
        long checksum = m.verifyReceived(Link.longAt(complete, 8));
        m.source.handedOver();
        m.link.close();
        return m.report(MigrationMode.POST_COPY, downtime, Duration.ofNanos(waitNanos), requests, checksum, true);
    }

    private DirtyPages populated(long from) {
        DirtyPages all = DirtyPages.none(memory.pages());
        long[] words = all.words();
        for (long pfn = memory.nextPopulated(from); pfn >= 0; pfn = memory.nextPopulated(pfn + 1)) {
            words[(int) (pfn >>> 6)] |= 1L << pfn;
        }
        return all;
    }

    /** Pages per background push record: ~0.5 ms of link time (16 at 1 Gbit/s), up to a full batch unlimited. */
    private int pushBatch() {
        if (m.bandwidth.unlimited()) {
            return PUSH_MAX;
        }
        long pages = (long) (m.bandwidth.bytesPerSec() * (PUSH_SLICE_NANOS / 1e9) / GuestMemory.PAGE_SIZE);
        return (int) Math.max(PUSH_MIN, Math.min(PUSH_MAX, pages));
    }

    /** Sends every unsent page, requested ones first; survives link failures by reconnecting. */
    private Link.Reply push() throws IOException, InterruptedException {
        long deadline = 0;
        while (true) {
            try {
                pushAll();
                m.link.writer.write(RecordType.DONE, StreamWriter.payload(out -> out.writeLong(0)));
                return m.awaitReply(RecordType.COMPLETE);
            } catch (IOException e) {
                if (e instanceof MigrationSender.DestinationRefused) {
                    throw e;
                }
                m.setPhase(MigrationPhase.POST_COPY_RECOVERING);
                m.link.close();
                if (deadline == 0) {
                    deadline = System.nanoTime() + m.options.postCopyRecoveryTimeout().toNanos();
                }
                reconnect(deadline, e);
                deadline = 0;
                m.setPhase(MigrationPhase.POST_COPY);
            }
        }
    }

    private void pushAll() throws IOException, InterruptedException {
        PageSender sender = m.pages;
        sender.use(m.link.writer);
        int batch = pushBatch();
        while (remaining > 0) {
            long[] asked = m.link.requests.poll();
            if (asked != null) {
                if (m.link.isDown()) {
                    throw new IOException("the post-copy link to " + m.endpoint + " was lost");
                }
                for (long pfn : asked) {
                    requests++;
                    if (take(pfn)) {
                        sender.add(pfn);
                    }
                }
                sender.flush(true);
                continue;
            }
            int n = 0;
            while (n < batch && remaining > 0) {
                long pfn = nextUnsent();
                take(pfn);
                sender.add(pfn);
                n++;
            }
            sender.flush(true);
            if (m.link.requests.isEmpty()) {
                m.flowControl(); // a requested page goes past the window; the background push waits for it
            }
            m.maybeEmit(m.rounds.size(), remaining * 4096L);
        }
    }

    private boolean take(long pfn) {
        int w = (int) (pfn >>> 6);
        long bit = 1L << pfn;
        if (w < 0 || w >= unsent.length || (unsent[w] & bit) == 0) {
            return false;
        }
        unsent[w] &= ~bit;
        remaining--;
        return true;
    }

    private long nextUnsent() {
        int w = (int) (cursor >>> 6);
        while (true) {
            if (w >= unsent.length) {
                w = 0;
            }
            if (unsent[w] != 0) {
                long pfn = ((long) w << 6) + Long.numberOfTrailingZeros(unsent[w]);
                cursor = pfn;
                return pfn;
            }
            w++;
        }
    }

    private void reconnect(long deadline, IOException cause) throws IOException, InterruptedException {
        IOException last = cause;
        while (System.nanoTime() < deadline) {
            try {
                Link fresh = m.reconnect();
                Link.Reply reply = fresh.poll(10_000);
                if (reply != null && reply.type() == RecordType.ABSENT_PAGES) {
                    var record = new StreamReader.Record(reply.type(), reply.payload(), reply.payload().length);
                    int words = record.getInt(0);
                    long[] absent = new long[words];
                    long count = 0;
                    for (int i = 0; i < words; i++) {
                        absent[i] = record.getLong(4 + 8 * i);
                        count += Long.bitCount(absent[i]);
                    }
                    unsent = absent;
                    remaining = count;
                    return;
                }
                fresh.close();
                if (reply != null && reply.type() == RecordType.ERROR) {
                    throw new SplitMemory("the destination no longer holds the post-copy session: " + MigrationSender.DestinationRefused.message(reply));
                }
            } catch (SplitMemory e) {
                throw e;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new SplitMemory("the post-copy link to " + m.endpoint + " stayed down for " + m.options.postCopyRecoveryTimeout().toSeconds()
                + " s (" + last.getMessage() + "); the VM's memory is split: " + remaining
                + " pages are still only on the source, which keeps them paused. Restore the link and migrate again to recover.");
    }
}
