package org.xensv.webui.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.migration.RoundReport;
import org.xensv.toolstack.migration.FlightView.Sample;

class FlightChartsTest {

    private final List<Sample> samples = List.of(
            new Sample(0.0, 0, 500_000_000, 0, 0, 0),
            new Sample(2.0, 250_000_000, 250_000_000, 200_000_000, 0, 0),
            new Sample(4.0, 500_000_000, 40_000_000, 150_000_000, 60, 1));

    @Test
    void progressMarksEachNewRound() {
        String svg = FlightCharts.progress(samples, 720, 190);
        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains(">R1</text>").contains("sent 500 MB").contains("remaining 40.0 MB");
    }

    @Test
    void dirtyRateShowsTheLinkAndShadesThrottledStretches() {
        String svg = FlightCharts.dirtyRate(samples, 125_000_000, 720, 170);
        assertThat(svg).contains("stroke-dasharray='6 4'").contains("link 125 MB/s").contains(FlightCharts.THROTTLE).contains("throttled");
    }

    @Test
    void roundBarsLabelEveryRoundAndTheFinalCopy() {
        List<RoundReport> rounds = List.of(
                new RoundReport(0, "pre-copy", 131_000, 2_000, 538_000_000, 60_000, 12_000, Duration.ofSeconds(4), 0),
                new RoundReport(1, "stop-and-copy", 900, 0, 3_700_000, 0, 0, Duration.ofMillis(30), 0));
        String svg = FlightCharts.roundBars(rounds, 720, 200);
        assertThat(svg).contains(">R0</text>").contains(">final</text>").contains("538 MB").contains(FlightCharts.REMAINING);
    }

    @Test
    void emptyFlightsStillDraw() {
        assertThat(FlightCharts.progress(List.of(), 720, 190)).endsWith("</svg>");
        assertThat(FlightCharts.roundBars(List.of(), 720, 200)).endsWith("</svg>");
    }

    @Test
    void axisMaximaAreRound() {
        assertThat(org.xensv.webui.chart.NiceScale.axisMax(1070)).isEqualTo(1200);
        assertThat(org.xensv.webui.chart.NiceScale.tickStep(2.96)).isEqualTo(5);
        assertThat(org.xensv.webui.chart.NiceScale.axisMax(250)).isEqualTo(320);
        assertThat(org.xensv.webui.chart.NiceScale.axisMax(0)).isEqualTo(1);
    }
}
