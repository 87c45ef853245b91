package org.xensv.toolstack.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CloseReasonTest {

    @Test
    void aShortReasonIsKeptAndALongOneCutToFitTheFrameWithAnEllipsis() {
        assertThat(CloseReason.fit("VM 'web-01' is halted.")).isEqualTo("VM 'web-01' is halted.");
        String cut = CloseReason.fit("é".repeat(100));
        assertThat(cut).endsWith("…").startsWith("ééé");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(CloseReason.fit("x".repeat(123))).isEqualTo("x".repeat(123));
        assertThat(CloseReason.fit("x".repeat(124))).isEqualTo("x".repeat(120) + "…");
    }
}
