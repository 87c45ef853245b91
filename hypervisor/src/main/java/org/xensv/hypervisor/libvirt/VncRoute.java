package org.xensv.hypervisor.libvirt;

import java.net.URI;

/**
 * How the console's machine reaches a libvirt guest's VNC server, from the host's URI and the address
 * the server listens on (as the domain's running XML says):
 * <ul>
 * <li>a local host ({@code qemu:///system}, {@code qemu+unix://}): straight to the address (a wildcard
 * listen is reached on the loopback);</li>
 * <li>a host reached over SSH ({@code qemu+ssh://}, {@code xen+ssh://}): through an SSH channel to the
 * address as the host sees it ({@code ssh -W}), whatever it is, since the host's loopback is no
 * one else's;</li>
 * <li>a host reached over TLS or TCP: straight to a routable listen address (a wildcard listen on the
 * URI's host name); a display on that host's loopback cannot be reached, and that is said.</li>
 * </ul>
 */
sealed interface VncRoute {

    /** A TCP connection from the console's machine to {@code host}:{@code port}. */
    record Direct(String host, int port) implements VncRoute {
    }

    /** An SSH channel through the libvirt host to {@code address}:{@code port} as that host sees it. */
    record Tunnel(String address, int port) implements VncRoute {
    }

    /** No way from here; {@code why} says what the display needs to be reached. */
    record Unreachable(String why) implements VncRoute {
    }

    static VncRoute of(URI uri, String listenAddress, int port) {
        String scheme = uri.getScheme();
        boolean wildcard = listenAddress.equals("0.0.0.0") || listenAddress.equals("::") || listenAddress.equals("[::]");
        boolean loopback = wildcard || isLoopback(listenAddress);
        if (!scheme.contains("+") || scheme.endsWith("+unix")) {
            return new Direct(wildcard ? "127.0.0.1" : listenAddress, port);
        }
        if (scheme.endsWith("+ssh")) {
            return new Tunnel(wildcard ? "127.0.0.1" : listenAddress, port);
        }
        if (wildcard) {
            return new Direct(uri.getHost(), port);
        }
        if (loopback) {
            return new Unreachable("its VNC server listens on " + uri.getHost() + "'s loopback (" + listenAddress + ":" + port
                    + "), which a " + scheme + ":// connection does not tunnel; add the host as " + scheme.replaceFirst("\\+.*", "")
                    + "+ssh:// (the console then tunnels the display over SSH), or give the domain a VNC listen address the"
                    + " console reaches (<listen type='address' address='0.0.0.0'/>, behind a firewall: QEMU's VNC has no"
                    + " password unless set, and noVNC cannot speak VNC over TLS)");
        }
        return new Direct(listenAddress, port);
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("[::1]") || address.equalsIgnoreCase("localhost");
    }
}
