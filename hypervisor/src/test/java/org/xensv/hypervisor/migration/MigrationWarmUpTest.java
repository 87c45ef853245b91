package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationWarmUpTest {

    @Test
    void theWarmUpRunsAWholeLiveMigrationWithItsChecksumVerified() {
        MigrationReport report = MigrationWarmUp.run();

        assertThat(report.mode()).isEqualTo(MigrationMode.PRE_COPY);
        assertThat(report.roundReports()).extracting(RoundReport::kind).containsExactly("pre-copy", "stop-and-copy");
        assertThat(report.pagesSent()).isEqualTo(MigrationWarmUp.PAGES);
        assertThat(report.memoryChecksum()).isNotZero();
    }

    @Test
    void theWarmUpCanRunAgain() {
        MigrationWarmUp.run();

        assertThat(MigrationWarmUp.run().memoryChecksum()).isNotZero();
    }
}
