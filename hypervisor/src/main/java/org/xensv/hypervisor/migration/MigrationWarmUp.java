package org.xensv.hypervisor.migration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.lang.foreign.ValueLayout;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.xensv.hypervisor.memory.GuestMemory;

/**
 * Runs the engine end to end, on a throwaway guest of its own that keeps writing, between two
 * endpoints on loopback, so that the first migration a user starts does not pay for what a JVM does
 * only once: loading and linking the engine's classes (stream records, the stop-and-copy and commit
 * handshake, the checksum), bootstrapping their lambdas, the first socket channel, and above all
 * compiling the per-page paths (sending, receiving, placing, checksumming a page) with the JIT's
 * optimising compiler (C2). On a loopback link a migration is bound by the CPU, and on a small
 * machine every millisecond C2 spends compiling the engine during the first migration is taken from
 * it: measured through the console on 2 CPUs, C2 compiled for 0.4 s during the first migration of an
 * idle 512 MiB guest, which then took twice the later ones.
 *
 * <p>{@link #untilCompiled} is what the console runs at start. It first waits for the JIT to go quiet:
 * while the console's own start keeps C2 busy, the engine's methods would only be queued behind it,
 * and the JIT drops a queued method that has stopped running by the time C2 gets to it, so a warm-up
 * run then would leave the engine interpreted or at C1. It then migrates until a migration no longer
 * makes the JIT compile much.
 *
 * <p>The guest writes a hot set of its pages while it runs, as guests do, so that the warm-up takes
 * the branches a real migration takes (pages dirtied again in round 0, a round of dirty pages, the
 * guest paused for the stop-and-copy), not only those of a still guest: code compiled for a still
 * guest would be thrown away and compiled again at the first real one.
 *
 * <p>Touches no host: its source and destination are in-memory stand-ins (no admission, no domain,
 * no inventory); its guest memory ({@value #PAGES} pages, 64 MiB, on each side) is freed after each run.
 */
public final class MigrationWarmUp {

    static final int PAGES = 16384;
    /** The pages the guest keeps writing while it runs. */
    static final int HOT_PAGES = 512;
    /** The JIT is quiet when it compiles less than this share of the time (one compiler thread's). */
    static final double QUIET_SHARE = 0.10;
    /** A migration after which the JIT compiled less than this has little left to compile. */
    static final Duration SETTLED = Duration.ofMillis(30);

    /** What {@link #untilCompiled} did: the runs, the JIT's compile time during them, the wait for a quiet JIT. */
    public record Summary(int runs, Duration compileTime, Duration quietWait, MigrationReport last) {
    }

    private MigrationWarmUp() {
    }

    /**
     * One live migration (pre-copy while the guest writes, then stop-and-copy, commit, checksum
     * verified). Returns its report; throws if the engine failed, which would fail a real migration too.
     */
    public static MigrationReport run() {
        return runOnce();
    }

    /**
     * Waits (at most {@code maxQuietWait}) for the JIT to go quiet, then migrates until a migration
     * makes it compile less than {@link #SETTLED}, at most {@code maxRuns} times. Where the JVM does not
     * report its compile time, runs {@code maxRuns} times.
     */
    public static Summary untilCompiled(int maxRuns, Duration maxQuietWait) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean measured = jit != null && jit.isCompilationTimeMonitoringSupported();
        long waitStart = System.nanoTime();
        if (measured) {
            awaitQuiet(jit, maxQuietWait);
        }
        Duration quietWait = Duration.ofNanos(System.nanoTime() - waitStart);
        long compiledBefore = measured ? jit.getTotalCompilationTime() : 0;
        MigrationReport last = null;
        int runs = 0;
        while (runs < maxRuns) {
            long before = measured ? jit.getTotalCompilationTime() : 0;
            last = runOnce();
            runs++;
            if (measured && jit.getTotalCompilationTime() - before < SETTLED.toMillis()) {
                break;
            }
        }
        Duration compiled = Duration.ofMillis(measured ? jit.getTotalCompilationTime() - compiledBefore : 0);
        return new Summary(runs, compiled, quietWait, last);
    }

    private static void awaitQuiet(CompilationMXBean jit, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long period = 250;
        long last = jit.getTotalCompilationTime();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            if (now - last < period * QUIET_SHARE) {
                return;
            }
            last = now;
        }
    }

    private static MigrationReport runOnce() {
        GuestMemory sourceMemory = GuestMemory.booting(PAGES);
        for (long pfn = 0; pfn < PAGES; pfn++) { // every page but every fourth written: data pages and zero markers both go
            if (pfn % 4 == 3) {
                sourceMemory.guestWrite(pfn, (p, page) -> { });
                continue;
            }
            write(sourceMemory, pfn, pfn + 1);
        }
        Source source = new Source(sourceMemory);
        Destination destination = new Destination();
        Thread guest = Thread.ofPlatform().daemon().name("migration-warm-up-guest").start(source::runGuest);
        try (MigrationListener listener = MigrationListener.open(destination)) {
            MigrationOptions options = MigrationOptions.defaults().withPostCopyRecoveryTimeout(Duration.ofSeconds(5));
            return Migrations.start(source, listener.endpoint(), options, null).await();
        } finally {
            source.stop();
            joinQuietly(guest);
            sourceMemory.release();
            destination.release();
        }
    }

    private static void write(GuestMemory memory, long pfn, long value) {
        memory.guestWrite(pfn, (p, page) -> page.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, value));
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The throwaway guest: writes its hot set until paused (for the stop-and-copy) or stopped. */
    private static final class Source implements MigrationSource {

        private static final UUID ID = new UUID(0, 1);
        private final GuestMemory memory;
        private final Object gate = new Object();
        private boolean paused;
        private volatile boolean stopped;

        Source(GuestMemory memory) {
            this.memory = memory;
        }

        void runGuest() {
            long value = PAGES;
            while (!stopped) {
                synchronized (gate) { // pause() waits for a write under way: nothing is written once it returns
                    if (!paused) {
                        write(memory, (value * 7) % HOT_PAGES, value);
                    }
                }
                value++;
                LockSupport.parkNanos(50_000); // at most some 20,000 pages a second: a guest, not a spinning core
            }
        }

        void stop() {
            stopped = true;
        }

        @Override
        public GuestMemory memory() {
            return memory;
        }

        @Override
        public UUID uuid() {
            return ID;
        }

        @Override
        public String name() {
            return "migration-warm-up";
        }

        @Override
        public byte[] config() {
            return name().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void pause() {
            synchronized (gate) {
                paused = true;
            }
        }

        @Override
        public void unpause() {
            synchronized (gate) {
                paused = false;
            }
        }

        @Override
        public void setThrottle(int percent) {
        }

        @Override
        public byte[] captureState() {
            return new byte[16];
        }

        @Override
        public void handedOver() {
            stop();
        }
    }

    private static final class Destination implements MigrationTarget {

        private volatile GuestMemory memory;

        @Override
        public String hostName() {
            return "migration-warm-up";
        }

        @Override
        public IncomingDomain prepareIncoming(byte[] config) {
            GuestMemory received = GuestMemory.arriving(PAGES);
            memory = received;
            return new IncomingDomain() {
                @Override
                public String name() {
                    return "migration-warm-up";
                }

                @Override
                public GuestMemory memory() {
                    return received;
                }

                @Override
                public void start(byte[] state) {
                }

                @Override
                public void discard() {
                }
            };
        }

        void release() {
            GuestMemory m = memory;
            if (m != null && !m.released()) {
                m.release();
            }
        }
    }
}
