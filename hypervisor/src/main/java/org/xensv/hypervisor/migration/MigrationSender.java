package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.xensv.hypervisor.memory.DirtyPages;
import org.xensv.hypervisor.memory.GuestMemory;

/**
 * The source side of one migration, on its own thread: handshake, pre-copy rounds, then stop-and-copy
 * or a post-copy switch. The source runs until the destination said it runs the guest; any failure
 * before that discards the destination copy (by closing the stream) and lets the source run on.
 */
final class MigrationSender implements MigrationHandle {

    /**
     * 2: the destination answers END_OF_ROUND with ROUND_RECEIVED (a version-1 destination would leave the source waiting).
     * 3: it answers SYNC with SYNCED, the source's flow window (a version-2 destination would refuse SYNC as unexpected).
     */
    static final int STREAM_VERSION = 3;
    static final long MAGIC = 0x58454E53564D4947L; // "XENSVMIG"
    static final int FLAG_RECOVER = 1;
    static final int FLAG_QUERY = 2;
    private static final int PRECOPY_BATCH = 128;
    private static final long REPLY_TIMEOUT_MS = 120_000;
    private static final long PROGRESS_EVERY_NS = 100_000_000;
    /** The source machine's processors, which the guest's vCPUs and the transfer share (see {@link PrecopyPolicy#pauseRate}). */
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    final UUID id = UUID.randomUUID();
    final MigrationSource source;
    final GuestMemory memory;
    final MigrationEndpoint endpoint;
    final MigrationOptions options;
    final MigrationProgress progress;
    final MigrationPrediction prediction;
    final Bandwidth bandwidth;
    /** The destination listens in this process: it receives on the processors the guest runs on. */
    private final boolean receiverHere;
    private final CompletableFuture<MigrationReport> result = new CompletableFuture<>();
    private final Object lock = new Object();
    private volatile MigrationPhase phase = MigrationPhase.CONNECTING;
    private volatile boolean cancelRequested;
    private boolean pastNoReturn;
    volatile Link link;
    private boolean paused;
    final List<RoundReport> rounds = new ArrayList<>();
    final PageSender pages;
    final DiskSender disks;
    long start;
    long pauseStart;
    int throttle;
    int maxThrottle;
    long throttleSince;
    long throttledNanos;
    long lastProgress;
    long bytesBeforeLinks;
    long verifyNanos;
    long gcMillisAtStart;
    MigrationMode mode;

    MigrationSender(MigrationSource source, MigrationEndpoint endpoint, MigrationOptions options, MigrationProgress progress,
                    MigrationPrediction prediction) {
        this.source = source;
        this.memory = source.memory();
        this.endpoint = endpoint;
        this.options = options;
        this.progress = progress == null ? MigrationProgress.NONE : progress;
        this.prediction = prediction;
        this.bandwidth = new Bandwidth(options.bandwidthBytesPerSec());
        this.receiverHere = MigrationListener.inThisProcess(endpoint);
        this.pages = new PageSender(memory, PRECOPY_BATCH);
        this.disks = new DiskSender(source.disks());
        memory.retain(); // until the run ends: the frames must not be reused while pages are read from them
    }

    void startThread() {
        Thread thread = new Thread(this::run, "migration-" + source.name());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public UUID migrationId() {
        return id;
    }

    @Override
    public MigrationPrediction prediction() {
        return prediction;
    }

    @Override
    public MigrationPhase phase() {
        return phase;
    }

    @Override
    public CompletableFuture<MigrationReport> result() {
        return result;
    }

    @Override
    public boolean cancel() {
        synchronized (lock) {
            if (pastNoReturn) {
                return false;
            }
            cancelRequested = true;
        }
        Link l = link;
        if (l != null) {
            l.close();
        }
        return true;
    }

    // ---- the run -----------------------------------------------------------------------------

    private void run() {
        start = System.nanoTime();
        gcMillisAtStart = GcPauses.totalMillis();
        try {
            MigrationReport report = migrate();
            phase = MigrationPhase.COMPLETED;
            emit(null, 0);
            result.complete(report);
        } catch (MigrationFailedException e) {
            result.completeExceptionally(e);
        } catch (Throwable e) {
            result.completeExceptionally(abort(e));
        } finally {
            memory.release();
        }
    }

    private MigrationReport migrate() throws IOException, InterruptedException {
        link = connect(0);
        checkCancel();
        handshake();
        if (!options.live()) {
            return stopAndCopy(true);
        }
        phase = MigrationPhase.PRE_COPY;
        PrecopyPolicy policy = new PrecopyPolicy(options, memory.populatedPages() * 4096L);
        memory.enableLogDirty();
        if (disks.any()) {
            // storage first, while the guest runs: what it writes meanwhile goes again with each memory round
            disks.startDirtyLogs();
            disks.sendAll(link.writer, this::checkCancel);
        }
        if (options.postCopy() && !prediction.converges()) {
            return new PostCopy(this).run(true);
        }
        long lastRoundBytes;
        int round = 0;
        long streamStart = System.nanoTime();
        long round0Bytes = 0;
        while (true) {
            long roundStart = System.nanoTime();
            long guestCpuBefore = source.cpuTimeNanos();
            long idleBefore = bandwidth.unlimited() ? ProcessorTime.machineIdleNanos() : -1;
            long senderBefore = bandwidth.unlimited() ? ProcessorTime.threadRunnableNanos() : -1;
            long before = bytesSent();
            long sentBefore = pages.pagesSent;
            long zerosBefore = pages.zeroPagesSent;
            if (round == 0) {
                long stoppedAt = sendRound0(true);
                if (stoppedAt >= 0) {
                    // what is still on its way first, with the guest running: the switchover must not queue behind it
                    link.writer.write(RecordType.END_OF_ROUND, StreamWriter.payload(out -> out.writeInt(0)));
                    awaitRoundReceived(0);
                    long duration = System.nanoTime() - roundStart;
                    long dirty = memory.dirtyCount();
                    RoundReport report = new RoundReport(0, "pre-copy", pages.pagesSent - sentBefore, pages.zeroPagesSent - zerosBefore,
                            bytesSent() - before, dirty, dirty / (duration / 1e9), Duration.ofNanos(duration), throttle);
                    rounds.add(report);
                    emit(report, dirty * 4096L);
                    return new PostCopy(this).run(stoppedAt);
                }
            } else {
                sendDirty(memory.readAndClearDirty(), round, true);
                disks.sendDirty(link.writer, this::checkCancel);
            }
            link.writer.write(RecordType.END_OF_ROUND, StreamWriter.payload(out -> out.writeInt(rounds.size())));
            long duration = System.nanoTime() - roundStart;
            lastRoundBytes = bytesSent() - before;
            long dirty = memory.dirtyCount();
            RoundReport report = new RoundReport(round, "pre-copy", pages.pagesSent - sentBefore, pages.zeroPagesSent - zerosBefore,
                    lastRoundBytes, dirty, dirty / (duration / 1e9), Duration.ofNanos(duration), throttle);
            rounds.add(report);
            emit(report, dirty * 4096L);
            round++;
            if (round == 1) {
                round0Bytes = lastRoundBytes;
            }
            double linkRate = bandwidth.unlimited() ? Math.max(lastRoundBytes / (duration / 1e9), 1e6) : bandwidth.bytesPerSec();
            double delivered = link.deliveredRate(streamStart, round0Bytes);
            if (bandwidth.unlimited() && delivered > 0) {
                // a short round's writes land in buffers faster than the link carries them: the slower, real, rate decides
                linkRate = Math.max(Math.min(linkRate, delivered), 1e6);
            }
            var cpu = new PrecopyPolicy.RoundCpu(duration,
                    senderBefore < 0 ? -1 : ProcessorTime.threadRunnableNanos() - senderBefore,
                    guestCpuBefore < 0 ? -1 : source.cpuTimeNanos() - guestCpuBefore,
                    idleBefore < 0 ? -1 : ProcessorTime.machineIdleNanos() - idleBefore, PROCESSORS, receiverHere);
            double gain = PrecopyPolicy.pauseRate(linkRate, bandwidth.unlimited(), cpu) / linkRate;
            PrecopyPolicy.Decision decision = round == 1 && postCopyCheaperAfterRound0(linkRate)
                    ? PrecopyPolicy.Decision.POST_COPY
                    : policy.decide(round, dirty, lastRoundBytes, linkRate * gain, bytesSent(), throttle);
            if (decision == PrecopyPolicy.Decision.STOP_AND_COPY || decision == PrecopyPolicy.Decision.POST_COPY) {
                awaitRoundReceived(round - 1);
                // the rate the round really went at, its drain included; what the guest dirtied meanwhile goes in the pause
                double rate = gain * (bandwidth.unlimited() ? Math.max(lastRoundBytes / ((System.nanoTime() - roundStart) / 1e9), 1e6) : linkRate);
                // (post-copy sends only a bitmap in the pause: the dirty pages follow after the switch)
                if (decision == PrecopyPolicy.Decision.STOP_AND_COPY
                        && memory.dirtyCount() * 4096.0 / rate > options.downtimeTarget().toNanos() / 1e9 && drainRounds++ < MAX_DRAIN_ROUNDS) {
                    continue; // the round was still on its way and the guest dirtied more than the pause may take: one more round
                }
            }
            switch (decision) {
                case STOP_AND_COPY -> {
                    return stopAndCopy(false);
                }
                case POST_COPY -> {
                    return new PostCopy(this).run(false);
                }
                case THROTTLE -> setThrottle(PrecopyPolicy.nextThrottle(throttle));
                case CONTINUE -> { }
            }
        }
    }

    /** Extra rounds run because the guest dirtied too much while the last round was still on its way (see {@link #awaitRoundReceived}). */
    private static final int MAX_DRAIN_ROUNDS = 2;
    private int drainRounds;

    /**
     * Waits until the destination has every record of round {@code round} (its ROUND_RECEIVED), with the
     * guest still running: the pause must not start while the round sits in socket buffers, relays or a
     * link's queue, where the stop-and-copy (or the post-copy switch) would queue behind it and the
     * guest's downtime would be that drain.
     */
    private void awaitRoundReceived(int round) throws IOException, InterruptedException {
        while (Link.intAt(awaitReply(RecordType.ROUND_RECEIVED), 0) < round) {
            // an earlier round's answer
        }
    }

    /** A new connection resuming this migration's post-copy stream. */
    Link reconnect() throws IOException {
        Link fresh = connect(FLAG_RECOVER);
        bytesBeforeLinks += link.writer.bytesWritten();
        link = fresh;
        return fresh;
    }

    private Link connect(int flags) throws IOException {
        Socket socket = SocketChannel.open().socket(); // with a channel: see StreamWriter
        try {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot reach the destination's migration endpoint " + endpoint + " (" + e.getMessage() + ")", e);
        }
        Link l = new Link(socket, bandwidth, endpoint.toString());
        byte[] header = StreamWriter.payload(out -> {
            out.writeLong(MAGIC);
            out.writeInt(STREAM_VERSION);
            out.writeInt(flags);
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        });
        l.writer.write(RecordType.HEADER, header);
        return l;
    }

    private void handshake() throws IOException, InterruptedException {
        byte[] config = source.config();
        List<MigratingDisk> images = source.disks();
        link.writer.write(RecordType.DOMAIN_CONFIG, StreamWriter.payload(out -> {
            out.writeLong(memory.pages());
            out.writeInt(config.length);
            out.write(config);
            out.writeInt(images.size());
            for (MigratingDisk image : images) {
                out.writeLong(image.sizeBytes());
            }
        }));
        awaitReply(RecordType.ACCEPT);
    }

    /**
     * Round 0: every populated page. While the guest runs ({@code live}), a page already marked dirty
     * again is skipped (Xen's peek at the log-dirty bitmap): the next round sends it anyway, with
     * its newer content, so sending it now would only put it on the wire twice.
     */
    private long sendRound0(boolean live) throws IOException {
        pages.use(link.writer);
        long populated = memory.populatedPages();
        long visited = 0;
        long roundStart = System.nanoTime();
        long before = bytesSent();
        for (long pfn = memory.nextPopulated(0); pfn >= 0; pfn = memory.nextPopulated(pfn + 1)) {
            visited++;
            if (live && (visited & 127) == 0 && visited < populated / 2 && linkTooSlow(roundStart, before)) {
                pages.flush(false);
                return pfn;
            }
            if (live && (memory.peekDirtyWord((int) (pfn >>> 6)) & (1L << pfn)) != 0) {
                continue;
            }
            pages.add(pfn);
            if ((visited & 127) == 0) {
                checkCancel();
                flowControl();
                maybeEmit(0, Math.max(0, populated - visited) * 4096L);
            }
        }
        pages.flush(false);
        return -1;
    }

    /** How far into round 0 the link's rate is measured for {@link #linkTooSlow}: long enough that buffers hold a small part of it. */
    static final long RECONSIDER_AFTER_NANOS = 400_000_000L;
    static final long RECONSIDER_AFTER_BYTES = 32L << 20;
    private boolean reconsidered;

    /**
     * Once, early in round 0 of an unlimited migration that may use post-copy: the prediction assumed
     * {@link Migrations#UNLIMITED_ESTIMATE_BYTES_PER_SEC}; if the link really carries less and, at that
     * rate, the guest's sampled dirty rate keeps pre-copy from converging, switch to post-copy now.
     * Every page then crosses once, where rounds of pre-copy would resend the working set and still end
     * in post-copy (a database on a 1 Gbit/s link sent 1.7x its memory so). Only while at least half of
     * round 0 is still to go (the caller checks): later, little is saved, and the rounds' policy decides.
     */
    private boolean linkTooSlow(long roundStart, long before) {
        if (reconsidered || !bandwidth.unlimited() || !options.postCopy() || !prediction.converges()) {
            return false;
        }
        long elapsed = System.nanoTime() - roundStart;
        long sent = bytesSent() - before;
        if (elapsed < RECONSIDER_AFTER_NANOS || sent < RECONSIDER_AFTER_BYTES) {
            return false;
        }
        reconsidered = true;
        double rate = sent / (elapsed / 1e9);
        if (rate >= prediction.bandwidthBytesPerSec()) {
            return false;
        }
        return !MigrationPrediction.predict(prediction.nonZeroBytes(), prediction.dirtyBytesPerSec(), rate, options).converges();
    }

    /**
     * After round 0 of an unlimited migration that may use post-copy: switch now when the guest's
     * sampled dirty rate is at least {@link #POST_COPY_DIRTY_SHARE} of what the link delivered. Every
     * pre-copy round would then resend about that share of the one before or more (the sampled rate
     * counts distinct pages over 100 ms; a web server's hot set on a 1 Gbit/s link: eight rounds,
     * 46 MiB more than its memory, and the last set in the pause behind a round trip), where post-copy sends the dirty set once and pauses only for the bitmap. Not with a
     * bandwidth limit: there the admin capped the link, and each post-copy page a faulting guest waits
     * for would queue behind that cap, so the rounds' policy keeps the guest running on the source.
     */
    private boolean postCopyCheaperAfterRound0(double linkRate) {
        return bandwidth.unlimited() && options.postCopy()
                && prediction.dirtyBytesPerSec() >= POST_COPY_DIRTY_SHARE * linkRate;
    }

    static final double POST_COPY_DIRTY_SHARE = 0.4;

    /** The pages of a dirty snapshot; {@code live}: skip those dirtied again meanwhile (see {@link #sendRound0}). */
    void sendDirty(DirtyPages dirty, int round, boolean live) throws IOException {
        pages.use(link.writer);
        long[] words = dirty.words();
        long left = dirty.count();
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                long pfn = ((long) w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                left--;
                if (live && (memory.peekDirtyWord(w) & (1L << pfn)) != 0) {
                    continue;
                }
                pages.add(pfn);
                if ((left & 127) == 0) {
                    checkCancel();
                    flowControl();
                    maybeEmit(round, left * 4096L);
                }
            }
        }
        pages.flush(false);
    }

    private MigrationReport stopAndCopy(boolean all) throws IOException, InterruptedException {
        phase = MigrationPhase.STOP_AND_COPY;
        checkCancel();
        pauseSource();
        emit(null, memory.dirtyCount() * 4096L);
        checkCancel();
        long roundStart = System.nanoTime();
        long before = bytesSent();
        long sentBefore = pages.pagesSent;
        long zerosBefore = pages.zeroPagesSent;
        if (all) {
            sendRound0(false);
            disks.sendAll(link.writer, this::checkCancel);
        } else {
            sendDirty(memory.readAndClearDirty(), rounds.size(), false);
            disks.sendDirty(link.writer, this::checkCancel);
        }
        byte[] state = source.captureState();
        link.writer.write(RecordType.VCPU_STATE, state);
        synchronized (lock) {
            checkCancel();
            pastNoReturn = true;
        }
        phase = MigrationPhase.SWITCHOVER;
        // COMMIT right behind DONE, not after READY came back: the destination resumes as soon as it
        // holds the last bytes, so the switchover costs one round trip (RESUMED), not two. The source
        // stays paused until RESUMED; an ERROR instead (the destination discarded its copy) or a lost
        // link with the destination answering DISCARDED lets it run on, as before.
        link.writer.write(RecordType.DONE, new byte[0]);
        link.writer.write(RecordType.COMMIT, new byte[0]);
        Link.Reply ready = awaitCommitted(RecordType.READY);
        Link.Reply resumed = ready == null ? null : awaitCommitted(RecordType.RESUMED);
        long downtime = System.nanoTime() - pauseStart;
        rounds.add(new RoundReport(rounds.size(), "stop-and-copy", pages.pagesSent - sentBefore, pages.zeroPagesSent - zerosBefore,
                bytesSent() - before, 0, 0, Duration.ofNanos(System.nanoTime() - roundStart), throttle));
        // READY lost with the link, but the destination says it runs the guest: its checksum cannot be compared (each page's was)
        long checksum = ready == null ? 0 : verifyReceived(Link.longAt(ready, 0));
        source.handedOver();
        link.close();
        MigrationMode used = all ? MigrationMode.STOP_AND_COPY
                : maxThrottle > 0 ? MigrationMode.AUTO_CONVERGE
                : rounds.size() - 1 >= options.maxRounds() ? MigrationMode.STOP_AND_COPY : MigrationMode.PRE_COPY;
        return report(used, downtime, Duration.ZERO, 0, checksum, resumed != null);
    }

    // ---- helpers shared with PostCopy ----------------------------------------------------------

    /**
     * After the guest resumed on the destination: compares the checksum of the memory the destination
     * received with this (paused, so unchanging) memory's, outside the downtime. On a mismatch the
     * destination destroys its copy and the migration fails, so the source resumes from the pause.
     * Returns the verified checksum (0 when verification is off).
     */
    long verifyReceived(long received) throws IOException, InterruptedException {
        if (!options.verifyChecksum()) {
            return 0;
        }
        long verifyStart = System.nanoTime();
        long own = memory.checksum();
        verifyNanos = System.nanoTime() - verifyStart;
        if (own == received) {
            return own;
        }
        String difference = "the memory the destination received (checksum " + Long.toHexString(received)
                + ") differs from the source's at the pause (" + Long.toHexString(own) + ")";
        try {
            link.writer.write(RecordType.ROLLBACK, new byte[0]);
            awaitReply(RecordType.ROLLED_BACK);
        } catch (IOException e) {
            throw new MismatchUnresolved(difference + " and the destination could not be told to destroy its copy (" + e.getMessage()
                    + "); the source copy is kept paused so that two copies never run. Check the destination host, then resume or"
                    + " destroy the paused copy.");
        }
        throw new ChecksumMismatch(difference + "; the destination destroyed its copy.");
    }

    MigrationReport report(MigrationMode used, long downtimeNanos, Duration pageWait, long requests, long checksum, boolean confirmed) {
        stopThrottle();
        int precopyRounds = (int) rounds.stream().filter(r -> r.kind().equals("pre-copy")).count();
        return new MigrationReport(id, source.uuid(), endpoint.toString(), used, rounds, Duration.ofNanos(System.nanoTime() - start),
                Duration.ofNanos(downtimeNanos), bytesSent(), pages.pagesSent + pages.zeroPagesSent, precopyRounds, maxThrottle,
                Duration.ofNanos(throttledNanos), pageWait, requests, checksum, Duration.ofNanos(verifyNanos),
                GcPauses.since(gcMillisAtStart), prediction);
    }

    long bytesSent() {
        Link l = link;
        return bytesBeforeLinks + (l == null ? 0 : l.writer.bytesWritten());
    }

    void pauseSource() {
        pauseStart = System.nanoTime();
        source.pause();
        paused = true;
        stopThrottle();
    }

    private void setThrottle(int percent) {
        if (throttle == 0) {
            throttleSince = System.nanoTime();
        }
        throttle = percent;
        maxThrottle = Math.max(maxThrottle, percent);
        source.setThrottle(percent);
    }

    private void stopThrottle() {
        if (throttle > 0) {
            throttledNanos += System.nanoTime() - throttleSince;
            throttle = 0;
            source.setThrottle(0);
        }
    }

    /**
     * The flow window (see {@link Link#flowControl}) for an unlimited migration; an interrupt while
     * waiting fails the run as a lost link would. With a bandwidth limit the token bucket already keeps
     * the stream below what the path carries, so buffers do not fill, and a window answer a busy
     * machine schedules late would only stall the bucket's pace.
     */
    void flowControl() throws IOException {
        if (!bandwidth.unlimited()) {
            checkCancel();
            return;
        }
        try {
            link.flowControl(phase == MigrationPhase.POST_COPY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the destination");
        }
        checkCancel();
    }

    /** Stops the run when the user cancelled or the destination reported an error. */
    void checkCancel() throws IOException {
        if (cancelRequested) {
            throw new CancelledException();
        }
        Link l = link;
        Link.Reply error = l == null ? null : l.error(0);
        if (error != null) {
            throw new DestinationRefused(error);
        }
    }

    /** The mark of the point of no return for the post-copy switch; false if cancelled first. */
    boolean enterNoReturn() {
        synchronized (lock) {
            if (cancelRequested) {
                return false;
            }
            pastNoReturn = true;
            return true;
        }
    }

    void setPhase(MigrationPhase p) {
        phase = p;
    }

    Link.Reply awaitReply(RecordType expected) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + REPLY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!pastNoReturn) {
                checkCancel();
            }
            Link.Reply reply = link.poll(50);
            if (reply == null) {
                continue;
            }
            if (reply.type() == expected) {
                return reply;
            }
            if (reply.type() == RecordType.ERROR) {
                throw new DestinationRefused(reply);
            }
            if (reply.type() == null) {
                throw new IOException("the connection to " + endpoint + " was lost (" + reply.problem() + ")");
            }
        }
        throw new IOException("the destination " + endpoint + " did not answer within " + REPLY_TIMEOUT_MS / 1000 + " s");
    }

    /**
     * After COMMIT (or SWITCHOVER) went out: wait for RESUMED; if the link fails first, ask the
     * destination on a fresh connection whether it runs the guest, so that exactly one copy runs.
     */
    Link.Reply awaitCommitted(RecordType expected) throws IOException, InterruptedException {
        try {
            return awaitReply(expected);
        } catch (DestinationRefused refused) {
            throw refused; // it answered ERROR: it discarded its copy, the source runs on
        } catch (IOException e) {
            String status;
            try (Link query = connect(FLAG_QUERY)) {
                Link.Reply reply = query.poll(10_000);
                status = reply != null && reply.type() == RecordType.STATUS ? new String(reply.payload(), java.nio.charset.StandardCharsets.UTF_8) : "UNREACHABLE";
            } catch (IOException unreachable) {
                status = "UNREACHABLE";
            }
            if (status.equals("RESUMED")) {
                return null;
            }
            if (status.equals("DISCARDED")) {
                throw new IOException("the connection to " + endpoint + " was lost before the destination resumed the VM (" + e.getMessage() + ")", e);
            }
            throw new OutcomeUnknown(e);
        }
    }

    void maybeEmit(int round, long remaining) {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_EVERY_NS) {
            lastProgress = now;
            double seconds = rounds.isEmpty() ? (now - start) / 1e9 : 0;
            progress.onProgress(new MigrationProgress.Event(phase, round, bytesSent(), remaining,
                    memory.logDirtyEnabled() ? memory.dirtyCount() * 4096.0 / Math.max(1e-3, roundElapsed(now)) : 0, throttle, now - start, null));
        }
    }

    private double roundElapsed(long now) {
        long sinceStart = now - start;
        long done = rounds.stream().mapToLong(r -> r.duration().toNanos()).sum();
        return Math.max(1, sinceStart - done) / 1e9;
    }

    void emit(RoundReport round, long remaining) {
        lastProgress = System.nanoTime();
        try {
            progress.onProgress(new MigrationProgress.Event(phase, rounds.size(), bytesSent(), remaining,
                    round == null ? 0 : round.dirtyBytesPerSec(), throttle, lastProgress - start, round));
        } catch (RuntimeException listenerFailure) {
            // a listener must not break a migration
        }
    }

    /** Turns a failure into the exception the caller sees, restoring the source first. */
    private MigrationFailedException abort(Throwable e) {
        boolean beforeSwitch;
        synchronized (lock) {
            beforeSwitch = !pastNoReturn;
        }
        Link l = link;
        Link.Reply destError = null;
        if (l != null && !(e instanceof CancelledException) && !(e instanceof DestinationRefused)) {
            destError = l.error(300);
        }
        if (l != null) {
            l.close();
        }
        MigrationPhase failedIn = phase;
        String reason;
        boolean running = true;
        if (e instanceof OutcomeUnknown) {
            running = false;
            reason = "the connection to " + endpoint + " was lost right after the switchover and the destination cannot be asked whether it runs the VM;"
                    + " the source copy is kept paused so that two copies never run. Check the destination host, then resume or destroy the paused copy.";
        } else if (e instanceof PostCopy.SplitMemory split) {
            running = false;
            reason = split.getMessage();
        } else if (e instanceof MismatchUnresolved unresolved) {
            running = false;
            reason = unresolved.getMessage();
        } else if (e instanceof ChecksumMismatch mismatch) {
            reason = mismatch.getMessage();
        } else if (e instanceof CancelledException || (cancelRequested && beforeSwitch)) {
            reason = "cancelled by the user.";
            failedIn = MigrationPhase.CANCELLED;
        } else if (e instanceof DestinationRefused refused) {
            reason = (refused.code.startsWith("MIGRATION_STREAM") ? "the destination reported: " : "the destination refused: ")
                    + refused.getMessage() + (refused.getMessage().endsWith(".") ? "" : ".");
        } else if (destError != null) {
            reason = "the destination reported: " + DestinationRefused.message(destError);
        } else if (e instanceof IOException io) {
            reason = io.getMessage() + ".";
        } else {
            reason = "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ".";
        }
        if (running) {
            restoreSource();
        }
        phase = failedIn == MigrationPhase.CANCELLED ? MigrationPhase.CANCELLED : MigrationPhase.FAILED;
        var failure = new MigrationFailedException(source.name(), endpoint.toString(), failedIn, reason, running, e);
        emit(null, 0);
        return failure;
    }

    private void restoreSource() {
        stopThrottle();
        memory.disableLogDirty();
        disks.stopDirtyLogs();
        if (paused) {
            paused = false;
            source.unpause();
        }
    }

    static final class CancelledException extends IOException {
        CancelledException() {
            super("cancelled by the user");
        }
    }

    /** The destination's memory differs from the source's at the pause; it destroyed its copy. */
    static final class ChecksumMismatch extends IOException {
        ChecksumMismatch(String message) {
            super(message);
        }
    }

    /** The memories differ and the destination could not be told to destroy its copy. */
    static final class MismatchUnresolved extends IOException {
        MismatchUnresolved(String message) {
            super(message);
        }
    }

    static final class OutcomeUnknown extends IOException {
        OutcomeUnknown(Throwable cause) {
            super("outcome unknown", cause);
        }
    }

    static final class DestinationRefused extends IOException {
        final String code;

        DestinationRefused(Link.Reply reply) {
            super(message(reply));
            String c;
            try {
                c = new java.io.DataInputStream(new java.io.ByteArrayInputStream(reply.payload())).readUTF();
            } catch (IOException e) {
                c = "";
            }
            code = c;
        }

        static String message(Link.Reply reply) {
            try {
                var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(reply.payload()));
                in.readUTF();
                return in.readUTF();
            } catch (IOException e) {
                return "an unreadable error";
            }
        }
    }
}
