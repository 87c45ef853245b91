package org.xensv.webui.chart;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SvgLineChartTest {

    @Test
    void rendersOnePolylinePerSeriesWithALegendOfTheLatestValue() {
        String svg = new SvgLineChart("CPU", "%", 60, 400, 120, 100.0).render(List.of(
                new ChartSeries("cpu", "#1676f3", List.of(10.0, 20.0, 30.0)),
                new ChartSeries("steal", "#e44", List.of(1.0, 2.0))));

        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        assertThat(svg).contains("cpu 30%").contains("steal 2%");
    }

    @Test
    void escapesTextSoANameCannotInjectMarkup() {
        String svg = new SvgLineChart("<b>x</b>", "", 10, 200, 80, null)
                .render(List.of(new ChartSeries("a'b", "red", List.of(1.0, 2.0))));

        assertThat(svg).doesNotContain("<b>").contains("&lt;b&gt;").contains("a&#39;b");
    }

    @Test
    void scalesTheAxisToARoundCeiling() {
        assertThat(NiceScale.axisMax(37)).as("quarters of 40 read 10, 20, 30").isEqualTo(40);
        assertThat(NiceScale.axisMax(120_000)).as("room above the top value").isEqualTo(160_000);
        assertThat(SvgLineChart.format(20_000)).isEqualTo("20k");
        assertThat(SvgLineChart.format(1_250_000)).isEqualTo("1.3M");
    }
}
