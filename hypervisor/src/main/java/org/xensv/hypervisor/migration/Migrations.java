package org.xensv.hypervisor.migration;

import org.xensv.hypervisor.memory.GuestMemory;

/** Entry point of the engine: predict, then start a migration from a source to a listening destination. */
public final class Migrations {

    /** The link rate assumed for an unlimited migration when predicting (10 Gbit/s). */
    public static final double UNLIMITED_ESTIMATE_BYTES_PER_SEC = 1.25e9;
    /** How long the dirty rate is sampled (log-dirty on, guest running) before a prediction. */
    public static final long SAMPLE_MILLIS = 100;

    private static final java.util.concurrent.atomic.AtomicLong STARTED = new java.util.concurrent.atomic.AtomicLong();

    private Migrations() {
    }

    /** How many migrations this process has started so far (a warm-up tells from it that a user's has begun). */
    public static long started() {
        return STARTED.get();
    }

    /** Samples the guest's dirty rate (distinct pages per second) for {@link #SAMPLE_MILLIS}. */
    public static double sampleDirtyBytesPerSec(GuestMemory memory) {
        if (memory.logDirtyEnabled()) {
            throw new IllegalStateException("log-dirty is already in use (a migration is running)");
        }
        memory.enableLogDirty();
        long t0 = System.nanoTime();
        try {
            Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long dirty = memory.dirtyCount();
        double seconds = (System.nanoTime() - t0) / 1e9;
        memory.disableLogDirty();
        return dirty * 4096.0 / seconds;
    }

    /** The pre-copy model for this guest and these options, from a fresh dirty-rate sample. */
    public static MigrationPrediction predict(GuestMemory memory, MigrationOptions options) {
        double dirty = options.live() ? sampleDirtyBytesPerSec(memory) : 0;
        double link = options.bandwidthBytesPerSec() == 0 ? UNLIMITED_ESTIMATE_BYTES_PER_SEC : options.bandwidthBytesPerSec();
        return MigrationPrediction.predict(memory.populatedPages() * GuestMemory.PAGE_SIZE, dirty, link, options);
    }

    /**
     * Predicts, then starts migrating {@code source} to the endpoint on a thread of its own. Returns
     * at once; {@link MigrationHandle#result()} completes with the report or the failure.
     */
    public static MigrationHandle start(MigrationSource source, MigrationEndpoint destination, MigrationOptions options,
                                        MigrationProgress progress) {
        MigrationPrediction prediction = predict(source.memory(), options);
        MigrationSender sender = new MigrationSender(source, destination, options, progress, prediction);
        STARTED.incrementAndGet();
        sender.startThread();
        return sender;
    }
}
