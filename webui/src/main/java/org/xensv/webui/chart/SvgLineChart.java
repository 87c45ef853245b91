package org.xensv.webui.chart;

import java.util.List;
import java.util.Locale;

/**
 * Renders a small time-series line chart as server-side SVG markup: no frontend build, no chart
 * library. Values are laid out right-aligned (newest at the right edge) over a fixed number of
 * slots, with a y axis from zero to a rounded maximum and a legend.
 */
public final class SvgLineChart {

    private static final int LEFT = 56;
    private static final int RIGHT = 8;
    private static final int TOP = 22;
    private static final int BOTTOM = 18;

    private final String title;
    private final String unit;
    private final int slots;
    private final int width;
    private final int height;
    private final Double fixedMax;

    public SvgLineChart(String title, String unit, int slots, int width, int height, Double fixedMax) {
        this.title = title;
        this.unit = unit;
        this.slots = Math.max(2, slots);
        this.width = width;
        this.height = height;
        this.fixedMax = fixedMax;
    }

    public String render(List<ChartSeries> series) {
        double top = series.stream().flatMap(s -> s.values().stream()).mapToDouble(Double::doubleValue).max().orElse(0);
        double max = fixedMax != null ? fixedMax : top <= 1 ? 1 : NiceScale.axisMax(top);
        int plotW = width - LEFT - RIGHT;
        int plotH = height - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(2048);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='100%%' role='img' aria-label='%s' "
                        + "style='font: 11px sans-serif; max-width: %dpx'>", width, height, Svg.escape(title), width));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='14' font-weight='600' fill='currentColor'>%s</text>", LEFT, Svg.escape(title)));
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            svg.append(String.format(Locale.ROOT,
                    "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#8884' stroke-width='1'/>", LEFT, LEFT + plotW, y, y));
            svg.append(String.format(Locale.ROOT,
                    "<text x='%d' y='%.1f' text-anchor='end' fill='#888'>%s</text>", LEFT - 4, y + 4, Svg.escape(format(value) + unit)));
        }
        int legendX = LEFT + plotW;
        for (int s = series.size() - 1; s >= 0; s--) {
            ChartSeries line = series.get(s);
            List<Double> values = line.values();
            String label = line.name() + (values.isEmpty() ? "" : " " + format(values.getLast()) + unit);
            legendX -= 12 + label.length() * 6;
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='6' width='8' height='8' fill='%s'/>", legendX, Svg.escape(line.color())));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='14' fill='currentColor'>%s</text>", legendX + 10, Svg.escape(label)));
            if (values.size() < 2 || max <= 0) {
                continue;
            }
            int from = Math.max(0, values.size() - slots);
            StringBuilder points = new StringBuilder();
            for (int i = from; i < values.size(); i++) {
                double x = LEFT + plotW - (values.size() - 1 - i) * (plotW / (double) (slots - 1));
                double y = TOP + plotH - plotH * Math.min(1.0, Math.max(0, values.get(i)) / max);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append(String.format(Locale.ROOT,
                    "<polyline fill='none' stroke='%s' stroke-width='1.6' points='%s'/>", Svg.escape(line.color()), points.toString().trim()));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** Compact numbers: 950, 1.2k, 34M. */
    static String format(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e9) {
            return trim(value / 1e9) + "G";
        }
        if (abs >= 1e6) {
            return trim(value / 1e6) + "M";
        }
        if (abs >= 1e4) {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    private static String trim(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }
}
