package org.xensv.webui.security;

import java.net.InetAddress;

/**
 * Whether a request comes from this machine: its address is a loopback one and no proxy says it
 * forwarded it (a reverse proxy on the same machine would otherwise make every visitor look local).
 */
public final class Loopback {

    private Loopback() {
    }

    public static boolean isLocal(String remoteAddress, String forwardedFor, String forwarded) {
        if (isPresent(forwardedFor) || isPresent(forwarded)) {
            return false;
        }
        return isLoopback(remoteAddress);
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.ofLiteral(address.trim()).isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    private static boolean isPresent(String header) {
        return header != null && !header.isBlank();
    }
}
