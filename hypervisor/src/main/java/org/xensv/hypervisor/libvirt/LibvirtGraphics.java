package org.xensv.hypervisor.libvirt;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.libvirt.Domain;
import org.w3c.dom.Element;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.GraphicsConsole;

/**
 * A libvirt guest's VNC display, as its running XML tells: {@link DomainXml} gives every domain a VNC
 * server on the host's loopback with a port libvirt picks at start ({@code autoport}), so the display
 * is reachable from the console's own machine only, through the console's proxy. A remote host's
 * loopback is not the console's: for {@code qemu+ssh://} and the like this answers why, and how to
 * tunnel. Not offered on libvirt's test driver, which runs no display.
 */
final class LibvirtGraphics implements GraphicsConsole {

    private final LibvirtConnection host;

    LibvirtGraphics(LibvirtConnection host) {
        this.host = host;
    }

    @Override
    public VncDisplay vncDisplay(UUID uuid) {
        DomainInfo info = host.lifecycle().info(uuid);
        if (info.powerState() != PowerState.RUNNING && info.powerState() != PowerState.PAUSED) {
            throw new HypervisorException("VM_NO_DISPLAY", Map.of("vm", info.name(), "actual", info.powerState().name()),
                    "VM '" + info.name() + "' is " + info.powerState().label() + ": its display exists while it runs.");
        }
        Domain domain = host.domain(uuid, "read the graphical console");
        String xml = host.call(uuid, info.name(), "read the graphical console", () -> domain.getXMLDesc(0));
        Element vnc = DomainXmlReader.children(DomainXmlReader.children(DomainXmlReader.parse(xml).getDocumentElement(), "devices").getFirst(), "graphics")
                .stream().filter(g -> g.getAttribute("type").equals("vnc")).findFirst()
                .orElseThrow(() -> new HypervisorException("VM_NO_DISPLAY", Map.of("vm", info.name(), "actual", info.powerState().name()),
                        "VM '" + info.name() + "' has no VNC display in its libvirt XML; add <graphics type='vnc' autoport='yes'"
                                + " listen='127.0.0.1'/> (xensv adds one to the domains it defines)."));
        int port = vnc.getAttribute("port").isEmpty() ? -1 : Integer.parseInt(vnc.getAttribute("port"));
        String address = listenAddress(vnc);
        if (port <= 0) {
            throw new HypervisorException("VM_NO_DISPLAY", Map.of("vm", info.name(), "actual", info.powerState().name()),
                    "VM '" + info.name() + "' has no VNC port yet (libvirt says " + port + "); try again once it has started.");
        }
        String remote = URI.create(host.uri()).getHost();
        if (remote != null && !remote.isBlank()) {
            throw new HypervisorException("VM_DISPLAY_REMOTE", Map.of("vm", info.name(), "host", remote, "port", port),
                    "VM '" + info.name() + "' shows its display on " + remote + "'s " + address + ":" + port
                            + ", which this console cannot reach; open it with a VNC viewer through an SSH tunnel (ssh -L "
                            + port + ":" + address + ":" + port + " " + remote + ").");
        }
        return new VncDisplay(address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : address, port);
    }

    /** The address the VNC server listens on: its {@code <listen type='address'>}, its {@code listen} attribute, or the loopback. */
    private static String listenAddress(Element vnc) {
        for (Element listen : DomainXmlReader.children(vnc, "listen")) {
            if (listen.getAttribute("type").equals("address") && !listen.getAttribute("address").isEmpty()) {
                return listen.getAttribute("address");
            }
        }
        return vnc.getAttribute("listen").isEmpty() ? "127.0.0.1" : vnc.getAttribute("listen");
    }
}
