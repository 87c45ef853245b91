package org.xensv.toolstack.storage;

import java.util.UUID;

/**
 * A storage repository as the API and the console show it: capacity and free space (the file
 * system's, or the quota's if lower), the images' total virtual size, and how many images it holds.
 */
public record SrView(UUID id, String name, String description, SrKind kind, UUID poolId, UUID hostId, String hostName,
                     String path, Long quotaMiB, long capacityBytes, long freeBytes, long allocatedBytes, int images) {
}
