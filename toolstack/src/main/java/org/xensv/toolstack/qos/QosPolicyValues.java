package org.xensv.toolstack.qos;

import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.api.VcpuCount;

/**
 * A policy's values once checked: a record that cannot hold nonsense. Each refusal names the
 * form's field and the reason. Blank text is null (not set).
 */
record QosPolicyValues(String name, String description, String nicRate, Long nicBurstKB, Integer cpuWeight,
                       Integer cpuCap, Long diskIops, Long diskMBps) {

    static final long MAX_IOPS = 1_000_000;
    static final long MAX_MBPS = 100_000;
    static final int MAX_CAP = 100 * VcpuCount.MAX;

    QosPolicyValues {
        if (name == null || name.isBlank() || name.strip().length() > 64) {
            throw new InvalidValueException("name", name, "must be 1 to 64 characters");
        }
        name = name.strip();
        if (description != null && description.length() > 255) {
            throw new InvalidValueException("description", description.length() + " characters", "must be at most 255 characters");
        }
        description = description == null ? "" : description.strip();
        nicRate = nicRate == null || nicRate.isBlank() ? null : nicRate.strip();
        if (nicBurstKB != null && nicRate == null) {
            throw new InvalidValueException("nicBurstKB", nicBurstKB, "needs a NIC rate to go with it");
        }
        rateLimit(nicRate, nicBurstKB);
        if (cpuWeight != null && (cpuWeight < 1 || cpuWeight > 65535)) {
            throw new InvalidValueException("cpuWeight", cpuWeight, "must be between 1 and 65535 (Xen's default is "
                    + CpuQos.DEFAULT.weight() + ")");
        }
        if (cpuCap != null && (cpuCap < 0 || cpuCap > MAX_CAP)) {
            throw new InvalidValueException("cpuCap", cpuCap, "must be between 0 (no cap) and " + MAX_CAP
                    + " (percent of one pCPU, 100 per vCPU)");
        }
        if (diskIops != null && (diskIops < 1 || diskIops > MAX_IOPS)) {
            throw new InvalidValueException("diskIops", diskIops, "must be between 1 and " + MAX_IOPS + ", or empty for no limit");
        }
        if (diskMBps != null && (diskMBps < 1 || diskMBps > MAX_MBPS)) {
            throw new InvalidValueException("diskMBps", diskMBps, "must be between 1 and " + MAX_MBPS + ", or empty for no limit");
        }
    }

    static QosPolicyValues of(QosPolicyForm form) {
        return new QosPolicyValues(form.name(), form.description(), form.nicRate(), form.nicBurstKB(), form.cpuWeight(),
                form.cpuCap(), form.diskIops(), form.diskMBps());
    }

    /**
     * The token bucket a rate and a burst make (null if no rate): the burst is the credit per
     * refill, so it sets the interval (burst / rate), as netback's credit and credit_usec do.
     */
    static RateLimit rateLimit(String rate, Long burstKB) {
        if (rate == null) {
            return null;
        }
        RateLimit limit;
        try {
            limit = RateLimit.parse(rate);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("nicRate", rate, "must look like 10Mb/s or 10Mb/s@50ms (K/M/G, b = bits, B = bytes)");
        }
        if (burstKB == null) {
            return limit;
        }
        if (rate.contains("@")) {
            throw new InvalidValueException("nicBurstKB", burstKB, "cannot be given with an @interval in the NIC rate: "
                    + "the burst sets the interval; give one or the other");
        }
        double micros = burstKB * 1000.0 * 1_000_000 / limit.bytesPerSecond();
        if (burstKB < 1 || micros < 1 || micros > 10_000_000) {
            long min = Math.max(1, (long) Math.ceil(limit.bytesPerSecond() / 1e6 / 1000));
            long max = (long) Math.floor(limit.bytesPerSecond() * 10 / 1000.0);
            throw new InvalidValueException("nicBurstKB", burstKB, "must be between " + min + " and " + max
                    + " kB at " + rate + " (one refill every 1 µs to 10 s)");
        }
        return new RateLimit(limit.bytesPerSecond(), Math.round(micros));
    }
}
