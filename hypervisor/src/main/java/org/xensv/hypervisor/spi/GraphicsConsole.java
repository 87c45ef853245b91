package org.xensv.hypervisor.spi;

import java.util.UUID;

/**
 * The domain's graphical console: where its VNC server listens, and a byte stream to it for a proxy in
 * the console to carry to a browser. Only a running or paused domain has one. The embedded runtime has
 * no framebuffer and does not offer this capability.
 */
public interface GraphicsConsole extends Capability {

    /** Where the display's VNC server listens, as the host that runs it sees it (a remote host's address may be its own loopback). */
    VncDisplay vncDisplay(UUID uuid);

    /**
     * A connection from the console's machine to the display's VNC server, carrying the RFB stream
     * unchanged: a TCP connection where the console reaches the display's address, a tunnel through
     * the host's own transport where it does not (an SSH channel to a libvirt host reached over SSH).
     * Refused with a sentence naming the host and why where the display cannot be reached at all. The
     * caller closes it.
     */
    DisplayStream openVnc(UUID uuid);

    /** A VNC server (RFB protocol) at {@code host}:{@code port}. */
    record VncDisplay(String host, int port) {

        public VncDisplay {
            if (host == null || host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("a VNC display needs a host and a port in 1..65535, not " + host + ":" + port);
            }
        }
    }
}
