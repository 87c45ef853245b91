package org.xensv.hypervisor.libvirt;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.libvirt.Domain;
import org.w3c.dom.Element;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DisplayStream;
import org.xensv.hypervisor.spi.GraphicsConsole;

/**
 * A libvirt guest's VNC display, as its running XML tells: {@link DomainXml} gives every domain a VNC
 * server on the host's loopback with a port libvirt picks at start ({@code autoport}). The console
 * reaches it as {@link VncRoute} decides: straight on a local host, through an SSH channel
 * ({@link SshTunnel}) on a host reached over SSH, straight on a TLS or TCP host only where the display
 * listens on an address the console reaches (else it says what is needed). Not offered on libvirt's
 * test driver, which runs no display.
 */
final class LibvirtGraphics implements GraphicsConsole {

    private static final String OPERATION = "read the graphical console";

    private final LibvirtConnection host;

    LibvirtGraphics(LibvirtConnection host) {
        this.host = host;
    }

    @Override
    public VncDisplay vncDisplay(UUID uuid) {
        return listening(uuid).display();
    }

    @Override
    public DisplayStream openVnc(UUID uuid) {
        Listening listening = listening(uuid);
        URI uri = URI.create(host.uri());
        VncDisplay display = listening.display();
        return switch (VncRoute.of(uri, display.host(), display.port())) {
            case VncRoute.Direct(String address, int port) -> {
                try {
                    yield TcpDisplay.connect(address, port);
                } catch (IOException e) {
                    throw new HypervisorException("VM_DISPLAY_UNREACHABLE", Map.of("vm", listening.vm(), "host", address, "port", port),
                            "The VNC server of VM '" + listening.vm() + "' at " + address + ":" + port + " did not answer: " + e.getMessage() + ".");
                }
            }
            case VncRoute.Tunnel(String address, int port) -> SshTunnel.open(uri, listening.vm(), address, port);
            case VncRoute.Unreachable(String why) -> throw new OperationNotSupportedException(LibvirtDriver.NAME + " (" + host.uri() + ")",
                    "the graphical console of VM '" + listening.vm() + "': " + why);
        };
    }

    /** The VM's name and where its VNC server listens as its host sees it; refused while it does not run. */
    private record Listening(String vm, VncDisplay display) {
    }

    private Listening listening(UUID uuid) {
        DomainInfo info = host.lifecycle().info(uuid);
        if (info.powerState() != PowerState.RUNNING && info.powerState() != PowerState.PAUSED) {
            throw new HypervisorException("VM_NO_DISPLAY", Map.of("vm", info.name(), "actual", info.powerState().name()),
                    "VM '" + info.name() + "' is " + info.powerState().label() + ": its display exists while it runs.");
        }
        Domain domain = host.domain(uuid, OPERATION);
        String xml = host.call(uuid, info.name(), OPERATION, () -> domain.getXMLDesc(0));
        Element vnc = DomainXmlReader.children(DomainXmlReader.children(DomainXmlReader.parse(xml).getDocumentElement(), "devices").getFirst(), "graphics")
                .stream().filter(g -> g.getAttribute("type").equals("vnc")).findFirst()
                .orElseThrow(() -> new HypervisorException("VM_NO_DISPLAY", Map.of("vm", info.name(), "actual", info.powerState().name()),
                        "VM '" + info.name() + "' has no VNC display in its libvirt XML; add <graphics type='vnc' autoport='yes'"
                                + " listen='127.0.0.1'/> (xensv adds one to the domains it defines)."));
        int port = vnc.getAttribute("port").isEmpty() ? -1 : Integer.parseInt(vnc.getAttribute("port"));
        if (port <= 0) {
            throw new HypervisorException("VM_NO_DISPLAY", Map.of("vm", info.name(), "actual", info.powerState().name()),
                    "VM '" + info.name() + "' has no VNC port yet (libvirt says " + port + "); try again once it has started.");
        }
        return new Listening(info.name(), new VncDisplay(listenAddress(vnc), port));
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
