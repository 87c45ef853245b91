package org.xensv.hypervisor.migration;

import java.time.Duration;

/**
 * One round of a migration. Round 0 sends every populated page; later rounds the pages dirtied
 * during the previous one; the stop-and-copy round (and the post-copy push) is flagged {@code last}.
 *
 * @param dirtyPages      pages the guest dirtied during this round (what the next one must resend)
 * @param dirtyPagesPerSec that count over this round's duration
 * @param throttlePercent the guest's throttle during the round (auto-converge)
 */
public record RoundReport(int round, String kind, long pagesSent, long zeroPages, long bytesSent, long dirtyPages,
                          double dirtyPagesPerSec, Duration duration, int throttlePercent) {

    public double dirtyBytesPerSec() {
        return dirtyPagesPerSec * 4096;
    }
}
