package org.xensv.hypervisor.api;

import java.util.regex.Pattern;

/**
 * A virtual NIC: MAC address, VLAN tag (1..4094) on the host's virtual switch and an optional
 * token-bucket rate limit (null = unlimited).
 */
public record NicConfig(String mac, int vlan, RateLimit rateLimit) {

    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    public NicConfig {
        mac = mac == null ? null : mac.toLowerCase();
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new InvalidValueException("mac", mac, "must be six hex pairs separated by ':', e.g. 00:16:3e:00:00:01");
        }
        if (vlan < 1 || vlan > 4094) {
            throw new InvalidValueException("vlan", vlan, "must be between 1 and 4094");
        }
    }

    public static NicConfig of(String mac, int vlan) {
        return new NicConfig(mac, vlan, null);
    }

    public NicConfig withRate(String xlRate) {
        return new NicConfig(mac, vlan, RateLimit.parse(xlRate));
    }
}
