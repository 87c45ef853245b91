package org.xensv.hypervisor.migration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.lang.foreign.ValueLayout;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.xensv.hypervisor.memory.GuestMemory;

/**
 * Runs the engine end to end a few times, on a throwaway guest of its own that keeps writing, between
 * two endpoints on loopback, so that the first migration a user starts does not pay for what a JVM
 * does only once: loading and linking the engine's classes (stream records, the stop-and-copy and
 * commit handshake, the checksum), bootstrapping their lambdas, the first socket channel, and above
 * all compiling the per-page paths (sending, receiving, placing, checksumming a page) with the JIT's
 * optimising compiler, which takes some ten thousand pages through each. Measured through the
 * console: with one run of 256 pages, the first migration of an idle 512 MiB guest at loopback speed
 * took about twice the later ones; its pause, which runs the stop-and-copy path once per migration,
 * had been ~90 ms on the first and ~2 ms on the next before any warm-up.
 *
 * <p>The guest writes a hot set of its pages while it runs, as guests do, so that the warm-up takes
 * the branches a real migration takes (pages dirtied again in round 0, a round of dirty pages, the
 * guest paused for the stop-and-copy), not only those of a still guest: code compiled for a still
 * guest would be thrown away and compiled again at the first real one.
 *
 * <p>Touches no host: its source and destination are in-memory stand-ins (no admission, no domain,
 * no inventory); its guest memory ({@value #PAGES} pages, 32 MiB, on each side) is freed before it returns.
 */
public final class MigrationWarmUp {

    static final int PAGES = 8192;
    /** Migrations run: together some 25,000 pages through each per-page path. */
    static final int RUNS = 3;
    /** The pages the guest keeps writing while it runs. */
    static final int HOT_PAGES = 512;

    private MigrationWarmUp() {
    }

    /**
     * {@value #RUNS} live migrations (pre-copy while the guest writes, then stop-and-copy, commit,
     * checksum verified). Returns the last one's report; throws if the engine failed, which would fail
     * a real migration too.
     */
    public static MigrationReport run() {
        MigrationReport last = null;
        for (int i = 0; i < RUNS; i++) {
            last = runOnce();
        }
        return last;
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
