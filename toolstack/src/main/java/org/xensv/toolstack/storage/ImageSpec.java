package org.xensv.toolstack.storage;

import java.util.UUID;

/** A new blank raw disk, as typed: the repository, a name and a size in MiB (sparse: costs nothing until written). */
public record ImageSpec(UUID srId, String name, String description, Long sizeMiB) {
}
