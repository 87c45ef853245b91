package org.xensv.webui.migration;

import org.xensv.webui.chart.NiceScale;
import org.xensv.webui.chart.Svg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.xensv.hypervisor.migration.RoundReport;
import org.xensv.toolstack.migration.FlightView.Sample;

/**
 * The flight's charts as server-side SVG: data sent and remaining over time with the rounds marked,
 * the guest's dirty rate against the link, and bytes per round. Plain strings, no chart library.
 */
public final class FlightCharts {

    static final String SENT = "#1676f3";
    static final String REMAINING = "#f08c00";
    static final String DIRTY = "#d6336c";
    static final String LINK = "#2b8a3e";
    static final String THROTTLE = "#f08c0033";

    private static final int LEFT = 60;
    private static final int RIGHT = 14;
    private static final int TOP = 30;
    private static final int BOTTOM = 30;

    private FlightCharts() {
    }

    /** Data sent and data still to send, in MB over seconds, a dashed line where each round begins. */
    public static String progress(List<Sample> samples, int width, int height) {
        Frame f = new Frame("Data sent and remaining", width, height, seconds(samples),
                max(samples, s -> Math.max(s.bytesSent(), s.remainingBytes())) / 1e6, " MB");
        StringBuilder svg = f.open();
        roundMarkers(svg, f, samples);
        svg.append(f.line(samples, s -> s.bytesSent() / 1e6, SENT, false));
        svg.append(f.line(samples, s -> s.remainingBytes() / 1e6, REMAINING, false));
        Sample last = samples.isEmpty() ? null : samples.getLast();
        f.legend(svg, List.of(
                new String[] {SENT, "sent " + (last == null ? "" : Units.bytes(last.bytesSent()))},
                new String[] {REMAINING, "remaining " + (last == null ? "" : Units.bytes(last.remainingBytes()))}));
        return f.close(svg);
    }

    /** The guest's dirty rate against the link rate (dashed), throttled stretches shaded. */
    public static String dirtyRate(List<Sample> samples, double linkBytesPerSec, int width, int height) {
        double top = Math.max(max(samples, Sample::dirtyBytesPerSec), linkBytesPerSec) / 1e6;
        Frame f = new Frame("Dirty rate against the link", width, height, seconds(samples), top, " MB/s");
        StringBuilder svg = f.open();
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).throttlePercent() > 0) {
                double x1 = f.x(samples.get(i - 1).seconds());
                double x2 = f.x(samples.get(i).seconds());
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='%s'/>",
                        x1, TOP, Math.max(0.5, x2 - x1), f.plotH(), THROTTLE));
            }
        }
        roundMarkers(svg, f, samples);
        if (linkBytesPerSec > 0) {
            double y = f.y(linkBytesPerSec / 1e6);
            svg.append(String.format(Locale.ROOT,
                    "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='%s' stroke-width='1.6' stroke-dasharray='6 4'/>",
                    LEFT, LEFT + f.plotW(), y, y, LINK));
        }
        svg.append(f.line(samples, s -> s.dirtyBytesPerSec() / 1e6, DIRTY, true));
        Sample last = samples.isEmpty() ? null : samples.getLast();
        List<String[]> legend = new ArrayList<>();
        legend.add(new String[] {DIRTY, "dirty rate " + (last == null ? "" : Units.byteRate(last.dirtyBytesPerSec()))});
        legend.add(new String[] {LINK, "link " + Units.byteRate(linkBytesPerSec)});
        if (samples.stream().anyMatch(s -> s.throttlePercent() > 0)) {
            legend.add(new String[] {"#f08c0088", "throttled"});
        }
        f.legend(svg, legend);
        return f.close(svg);
    }

    /** One bar per round: bytes sent, the final copy (or post-copy push) in its own colour. */
    public static String roundBars(List<RoundReport> rounds, int width, int height) {
        double top = NiceScale.axisMax(rounds.stream().mapToDouble(r -> r.bytesSent() / 1e6).max().orElse(0));
        int plotW = width - LEFT - RIGHT;
        int plotH = height - TOP - BOTTOM;
        StringBuilder svg = svgOpen("Bytes per round", width, height);
        grid(svg, top, " MB", plotW, plotH);
        int n = Math.max(1, rounds.size());
        double slot = plotW / (double) n;
        double bar = Math.min(48, slot * 0.7);
        for (int i = 0; i < rounds.size(); i++) {
            RoundReport r = rounds.get(i);
            double h = top <= 0 ? 0 : plotH * Math.min(1, r.bytesSent() / 1e6 / top);
            double x = LEFT + slot * i + (slot - bar) / 2;
            double y = TOP + plotH - h;
            String color = r.kind() != null && !r.kind().toLowerCase(Locale.ROOT).startsWith("pre") ? REMAINING : SENT;
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' rx='2' fill='%s'>"
                            + "<title>%s</title></rect>", x, y, bar, Math.max(h, 1), color,
                    Svg.escape("Round " + r.round() + " (" + r.kind() + "): " + Units.bytes(r.bytesSent()))));
            if (n <= 16) {
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='middle' fill='currentColor'>%s</text>",
                        x + bar / 2, y - 4, Svg.escape(Units.bytes(r.bytesSent()))));
            }
            if (n <= 24 || i % Math.ceil(n / 24.0) == 0) {
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' fill='#888'>%s</text>",
                        x + bar / 2, TOP + plotH + 16, Svg.escape(roundLabel(r))));
            }
        }
        legend(svg, width, List.of(new String[] {SENT, "pre-copy round"}, new String[] {REMAINING, "final copy / post-copy"}));
        svg.append("</svg>");
        return svg.toString();
    }

    static String roundLabel(RoundReport r) {
        String kind = r.kind() == null ? "" : r.kind().toLowerCase(Locale.ROOT);
        if (kind.startsWith("pre")) {
            return "R" + r.round();
        }
        if (kind.contains("post")) {
            return "post";
        }
        return "final";
    }

    // ---- drawing ----

    private static void roundMarkers(StringBuilder svg, Frame f, List<Sample> samples) {
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).round() != samples.get(i - 1).round()) {
                double x = f.x(samples.get(i).seconds());
                svg.append(String.format(Locale.ROOT,
                        "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='#8888' stroke-dasharray='2 3'/>", x, x, TOP, TOP + f.plotH()));
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' fill='#888' font-size='10'>R%d</text>",
                        x + 2, TOP + 10, samples.get(i).round()));
            }
        }
    }

    private static double seconds(List<Sample> samples) {
        return samples.isEmpty() ? 1 : Math.max(samples.getLast().seconds(), 1e-3);
    }

    private static double max(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).max().orElse(0);
    }

    /** An x-y plot area over [0, xMax] x [0, NiceScale.axisMax(yMax)]. */
    private static final class Frame {
        private final String title;
        private final int width;
        private final int height;
        private final double xMax;
        private final double yMax;
        private final String unit;

        Frame(String title, int width, int height, double xMax, double yMax, String unit) {
            this.title = title;
            this.width = width;
            this.height = height;
            this.xMax = xMax;
            this.yMax = NiceScale.axisMax(yMax);
            this.unit = unit;
        }

        int plotW() {
            return width - LEFT - RIGHT;
        }

        int plotH() {
            return height - TOP - BOTTOM;
        }

        double x(double seconds) {
            return LEFT + plotW() * Math.min(1, seconds / xMax);
        }

        double y(double value) {
            return TOP + plotH() - plotH() * Math.min(1, Math.max(0, value) / yMax);
        }

        StringBuilder open() {
            StringBuilder svg = svgOpen(title, width, height);
            grid(svg, yMax, unit, plotW(), plotH());
            double step = NiceScale.tickStep(xMax / 6);
            for (double s = 0; s <= xMax * 1.0001; s += step) {
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' fill='#888'>%s</text>",
                        x(s), TOP + plotH() + 16, Svg.escape(axisSeconds(s))));
            }
            return svg;
        }

        String line(List<Sample> samples, ToDoubleFunction<Sample> value, String color, boolean step) {
            if (samples.isEmpty()) {
                return "";
            }
            StringBuilder points = new StringBuilder();
            Double lastY = null;
            for (Sample s : samples) {
                double px = x(s.seconds());
                double py = y(value.applyAsDouble(s));
                if (step && lastY != null) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, lastY));
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                lastY = py;
            }
            if (samples.size() == 1) {
                return String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>",
                        x(samples.getFirst().seconds()), lastY, color);
            }
            return String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='2' stroke-linejoin='round' points='%s'/>",
                    color, points.toString().trim());
        }

        void legend(StringBuilder svg, List<String[]> entries) {
            FlightCharts.legend(svg, width, entries);
        }

        String close(StringBuilder svg) {
            svg.append("</svg>");
            return svg.toString();
        }
    }

    private static StringBuilder svgOpen(String title, int width, int height) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='100%%' role='img' aria-label='%s' "
                        + "style='font: 11px var(--lumo-font-family, sans-serif)'>", width, height, Svg.escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='16' font-weight='600' font-size='12' fill='currentColor'>%s</text>",
                LEFT, Svg.escape(title)));
        return svg;
    }

    private static void grid(StringBuilder svg, double yMax, String unit, int plotW, int plotH) {
        for (int i = 0; i <= 4; i++) {
            double value = yMax * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#8883'/>", LEFT, LEFT + plotW, y, y));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end' fill='#888'>%s</text>",
                    LEFT - 6, y + 4, Svg.escape(axis(value) + unit)));
        }
    }

    private static void legend(StringBuilder svg, int width, List<String[]> entries) {
        int x = width - RIGHT;
        for (int i = entries.size() - 1; i >= 0; i--) {
            String[] e = entries.get(i);
            x -= 18 + (int) (e[1].length() * 6.2);
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='7' width='10' height='10' rx='2' fill='%s'/>", x, e[0]));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='16' fill='currentColor'>%s</text>", x + 14, Svg.escape(e[1])));
        }
    }

    private static String axis(double v) {
        if (v == Math.rint(v)) {
            return String.valueOf((long) v);
        }
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.0f", v) : Units.sig(v).replaceAll("\\.?0+$", "");
    }

    private static String axisSeconds(double s) {
        if (s == 0) {
            return "0";
        }
        if (s < 1) {
            return Math.round(s * 1000) + " ms";
        }
        return s == Math.rint(s) ? Math.round(s) + " s" : String.format(Locale.ROOT, "%.1f s", s);
    }
}
