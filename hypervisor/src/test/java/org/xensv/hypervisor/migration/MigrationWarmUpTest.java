package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationWarmUpTest {

    @Test
    void theWarmUpRunsWholeLiveMigrationsOfAWritingGuestWithTheirChecksumsVerified() {
        MigrationReport report = MigrationWarmUp.run();

        assertThat(report.mode()).isEqualTo(MigrationMode.PRE_COPY);
        assertThat(report.roundReports()).extracting(RoundReport::kind).startsWith("pre-copy").endsWith("stop-and-copy");
        assertThat(report.pagesSent()).as("every page, and what the guest wrote again").isGreaterThanOrEqualTo(MigrationWarmUp.PAGES);
        assertThat(report.memoryChecksum()).isNotZero();
    }

    @Test
    void theWarmUpCanRunAgain() {
        MigrationWarmUp.run();

        assertThat(MigrationWarmUp.run().memoryChecksum()).isNotZero();
    }
}
