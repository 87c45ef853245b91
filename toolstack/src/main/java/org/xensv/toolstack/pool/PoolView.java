package org.xensv.toolstack.pool;

import java.util.UUID;

public record PoolView(UUID id, String name, String description) {
}
