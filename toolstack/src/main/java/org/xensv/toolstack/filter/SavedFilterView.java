package org.xensv.toolstack.filter;

import java.time.Instant;
import java.util.UUID;

/** A saved filter as the API and the console show it: its name and the search text it stands for. */
public record SavedFilterView(UUID id, String name, String query, Instant createdAt) {
}
