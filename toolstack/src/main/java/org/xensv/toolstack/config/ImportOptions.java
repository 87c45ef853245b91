package org.xensv.toolstack.config;

import java.util.UUID;

/** How to import a file: a name replacing the file's (null = the file's), the host (null = placed), start after. */
public record ImportOptions(String name, UUID hostId, Boolean start) {
}
