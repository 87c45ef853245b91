package org.xensv.toolstack.console;

import java.nio.charset.StandardCharsets;

/** A WebSocket close frame's reason holds at most 123 bytes of UTF-8: a longer sentence is cut, with an ellipsis. */
final class CloseReason {

    static final int MAX_BYTES = 123;

    private CloseReason() {
    }

    static String fit(String reason) {
        String r = reason.length() > MAX_BYTES ? reason.substring(0, MAX_BYTES) : reason;
        if (r.equals(reason) && r.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return r;
        }
        while (r.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES - 3) { // the ellipsis takes 3 bytes
            r = r.substring(0, r.length() - 1);
        }
        return r + "…";
    }
}
