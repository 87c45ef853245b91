package org.xensv.toolstack.network;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.xensv.hypervisor.api.InvalidValueException;

/** MAC addresses of VIFs: given ones checked and normalised, new ones drawn in Xen's OUI 00:16:3e. */
final class MacAddresses {

    static final String XEN_OUI = "00:16:3e";

    private static final Pattern SIX_PAIRS = Pattern.compile("[0-9a-f]{2}([:-])[0-9a-f]{2}(\\1[0-9a-f]{2}){4}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private MacAddresses() {
    }

    /**
     * Six hex pairs separated by ':' or '-' (one kind), any case, to lower case with ':'. A
     * multicast or all-zero address cannot be a NIC's.
     */
    static String normalise(String mac) {
        String text = mac == null ? "" : mac.strip().toLowerCase(Locale.ROOT);
        if (!SIX_PAIRS.matcher(text).matches()) {
            throw new InvalidValueException("mac", mac, "must be six hex pairs separated by ':' or '-', e.g. 00:16:3e:12:34:56");
        }
        String normalised = text.replace('-', ':');
        if ((Integer.parseInt(normalised.substring(0, 2), 16) & 1) != 0) {
            throw new InvalidValueException("mac", mac, "is a multicast address (the first octet is odd); a NIC needs a unicast one");
        }
        if (normalised.equals("00:00:00:00:00:00")) {
            throw new InvalidValueException("mac", mac, "must not be all zeros");
        }
        return normalised;
    }

    /** A random address in Xen's OUI that {@code taken} does not refuse. */
    static String generate(Predicate<String> taken) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int low = RANDOM.nextInt(1 << 24);
            String mac = "%s:%02x:%02x:%02x".formatted(XEN_OUI, low >> 16, (low >> 8) & 0xff, low & 0xff);
            if (!taken.test(mac)) {
                return mac;
            }
        }
        throw new InvalidValueException("mac", null, "could not be generated: the pool's 00:16:3e addresses are nearly all taken; give one");
    }
}
