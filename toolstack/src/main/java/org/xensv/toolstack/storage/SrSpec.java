package org.xensv.toolstack.storage;

import java.util.UUID;

/**
 * A new shared repository, as typed: its pool, a name, an absolute directory of this machine (made
 * if missing), an optional quota in MiB (the images' total virtual size may not exceed it).
 */
public record SrSpec(UUID poolId, String name, String description, String path, Long quotaMiB) {
}
