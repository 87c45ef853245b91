package org.xensv.webui.migration;

import java.time.Duration;
import java.util.Locale;

/** How the migration pages write sizes, rates, durations and ratios: short, SI, three significant digits. */
public final class Units {

    private Units() {
    }

    /** 812 B, 4.10 MB, 1.07 GB (decimal, as link rates are). */
    public static String bytes(double bytes) {
        double abs = Math.abs(bytes);
        if (abs >= 1e9) {
            return sig(bytes / 1e9) + " GB";
        }
        if (abs >= 1e6) {
            return sig(bytes / 1e6) + " MB";
        }
        if (abs >= 1e3) {
            return sig(bytes / 1e3) + " kB";
        }
        return Math.round(bytes) + " B";
    }

    /** A rate in bytes per second as bits on the wire: 940 Mbit/s, 9.8 Gbit/s. */
    public static String bitRate(double bytesPerSec) {
        double bits = bytesPerSec * 8;
        if (bits >= 1e9) {
            return sig(bits / 1e9) + " Gbit/s";
        }
        if (bits >= 1e6) {
            return sig(bits / 1e6) + " Mbit/s";
        }
        if (bits >= 1e3) {
            return sig(bits / 1e3) + " kbit/s";
        }
        return Math.round(bits) + " bit/s";
    }

    /** A dirty rate, as memory people read it: 78.1 MB/s. */
    public static String byteRate(double bytesPerSec) {
        return bytes(bytesPerSec) + "/s";
    }

    /** 850 µs, 12.3 ms, 4.21 s, 2 min 05 s. */
    public static String duration(Duration d) {
        if (d == null) {
            return "–";
        }
        double s = d.toNanos() / 1e9;
        if (s >= 120) {
            long total = Math.round(s);
            return String.format(Locale.ROOT, "%d min %02d s", total / 60, total % 60);
        }
        if (s >= 1) {
            return sig(s) + " s";
        }
        if (s >= 1e-3) {
            return sig(s * 1e3) + " ms";
        }
        return Math.round(s * 1e6) + " µs";
    }

    /** actual / expected as "1.04×", or "–" when there is nothing to compare with. */
    public static String ratio(double actual, double expected) {
        if (!(expected > 0) || Double.isNaN(actual)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", actual / expected);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Three significant digits, no trailing noise: 4.10, 41.0, 410. */
    static String sig(double v) {
        double abs = Math.abs(v);
        if (abs >= 100) {
            return String.valueOf(Math.round(v));
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
