package org.xensv.hypervisor.embedded.net;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NicConfig;

/**
 * A host's virtual switch (a VLAN-aware bridge): each NIC is an access port on one VLAN. A frame is
 * delivered only to ports of its own VLAN: to the port with its destination MAC, to every other
 * port for broadcast, and to the VLAN's uplink (the network beyond the host) for unknown MACs.
 */
public final class VirtualSwitch {

    private final Map<String, Nic> ports = new ConcurrentHashMap<>();
    private final List<Nic> all = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicLong> uplinkBytes = new ConcurrentHashMap<>();

    /** Plugs a new NIC in; the MAC must be unique on the switch. */
    public Nic attach(NicConfig config) {
        Nic nic = new Nic(this, config);
        if (ports.putIfAbsent(config.mac(), nic) != null) {
            throw new InvalidValueException("mac", config.mac(), "is already in use by another NIC on this host's switch");
        }
        all.add(nic);
        return nic;
    }

    /** The NIC plugged in with this MAC, if any. */
    public java.util.Optional<Nic> port(String mac) {
        return java.util.Optional.ofNullable(mac == null ? null : ports.get(mac.toLowerCase()));
    }

    public void detach(Nic nic) {
        ports.remove(nic.mac(), nic);
        all.remove(nic);
    }

    void forward(Frame frame) {
        if (Frame.BROADCAST.equals(frame.dst())) {
            for (Nic port : all) {
                if (port.vlan() == frame.vlan() && !port.mac().equals(frame.src())) {
                    port.receive(frame);
                }
            }
            return;
        }
        Nic port = ports.get(frame.dst());
        if (port == null) {
            uplinkBytes.computeIfAbsent(frame.vlan(), v -> new AtomicLong()).addAndGet(frame.length());
        } else if (port.vlan() == frame.vlan()) {
            port.receive(frame);
        }
    }

    /** Bytes sent to the network beyond the host on a VLAN. */
    public long uplinkBytes(int vlan) {
        AtomicLong n = uplinkBytes.get(vlan);
        return n == null ? 0 : n.get();
    }

    public int ports() {
        return all.size();
    }
}
