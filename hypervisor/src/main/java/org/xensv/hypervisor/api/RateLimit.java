package org.xensv.hypervisor.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token-bucket rate in xl.cfg's syntax: {@code 10Mb/s@50ms} = 10 megabits per second, credit
 * replenished every 50 ms (decimal K/M/G, {@code b} = bits, {@code B} = bytes; interval in s, ms or
 * us, default 50 ms).
 */
public record RateLimit(long bytesPerSecond, long intervalMicros) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*([KMG]?)([bB])/s(?:@(\\d+)\\s*(s|ms|us))?");

    public RateLimit {
        if (bytesPerSecond < 1) {
            throw new InvalidValueException("rate", bytesPerSecond, "must be at least 1 byte/s");
        }
        if (intervalMicros < 1 || intervalMicros > 10_000_000) {
            throw new InvalidValueException("rate.interval", intervalMicros, "must be between 1 µs and 10 s");
        }
    }

    public static RateLimit parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new InvalidValueException("rate", text, "must look like 10Mb/s@50ms (K/M/G, b = bits, B = bytes)");
        }
        long unit = switch (m.group(2)) {
            case "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            default -> 1L;
        };
        long amount = Long.parseLong(m.group(1)) * unit;
        long bytes = m.group(3).equals("b") ? amount / 8 : amount;
        long interval = 50_000;
        if (m.group(4) != null) {
            long n = Long.parseLong(m.group(4));
            interval = switch (m.group(5)) {
                case "s" -> n * 1_000_000;
                case "ms" -> n * 1_000;
                default -> n;
            };
        }
        return new RateLimit(bytes, interval);
    }

    /** Credit replenished each interval. */
    public long bytesPerInterval() {
        return Math.max(1, bytesPerSecond * intervalMicros / 1_000_000);
    }

    public long intervalNanos() {
        return intervalMicros * 1_000;
    }

    @Override
    public String toString() {
        return bytesPerSecond * 8 / 1000 + "Kb/s@" + intervalMicros / 1000 + "ms";
    }
}
