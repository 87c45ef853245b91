package org.xensv.toolstack.config;

import java.util.List;

/**
 * A virtual NIC as xl.cfg's {@code vif} and libvirt's {@code <interface>} describe it: MAC, bridge
 * (xl's {@code bridge=xenbr0.10} form is read as bridge xenbr0, VLAN 10), VLAN tag, rate in xl's
 * syntax ({@code 10Mb/s@50ms}), device model, a libvirt network name, and the settings read but not
 * supported, as written. Null = not given.
 */
record VifSpec(String mac, String bridge, Integer vlan, String rate, String model, String network,
                      List<String> extra) {

    public VifSpec {
        extra = extra == null ? List.of() : List.copyOf(extra);
    }
}
