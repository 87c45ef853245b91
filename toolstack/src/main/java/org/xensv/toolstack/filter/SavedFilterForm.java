package org.xensv.toolstack.filter;

/**
 * A filter to save: a name (1 to 64 characters, unique per user in any case) and a search text (as
 * typed in the console's search boxes: words of the name, {@code tag:}, {@code state:}, {@code host:},
 * {@code pool:}; at most 500 characters).
 */
public record SavedFilterForm(String name, String query) {
}
