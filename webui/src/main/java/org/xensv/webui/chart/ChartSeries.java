package org.xensv.webui.chart;

import java.util.List;

/** One line of a chart: a name, a CSS colour and its values, oldest first. */
public record ChartSeries(String name, String color, List<Double> values) {

    public ChartSeries {
        values = List.copyOf(values);
    }
}
