package org.xensv.hypervisor.spi;

import java.util.UUID;

/**
 * The domain's graphical console: where its VNC server listens, for a proxy in the console to carry
 * to a browser. Only a running or paused domain has one. The embedded runtime has no framebuffer and
 * does not offer this capability.
 */
public interface GraphicsConsole extends Capability {

    VncDisplay vncDisplay(UUID uuid);

    /** A VNC server (RFB protocol) at {@code host}:{@code port}, as the console's machine reaches it. */
    record VncDisplay(String host, int port) {

        public VncDisplay {
            if (host == null || host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("a VNC display needs a host and a port in 1..65535, not " + host + ":" + port);
            }
        }
    }
}
