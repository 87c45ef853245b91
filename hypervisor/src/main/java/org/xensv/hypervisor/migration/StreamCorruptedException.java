package org.xensv.hypervisor.migration;

import java.io.IOException;

/** A record failed its checksum or framing: the stream cannot be trusted any more. */
final class StreamCorruptedException extends IOException {

    StreamCorruptedException(String message) {
        super(message);
    }
}
