package org.xensv.webui.inventory;

import java.util.List;
import java.util.Locale;

/**
 * What the inventory's search box asks for: words match the start or inside of a name, a VM's
 * power state or a tag ({@code web} finds VM {@code web-01} and every object tagged {@code web});
 * {@code tag:x} matches only objects tagged exactly {@code x} (any case), as XenCenter's tag search.
 */
record InventoryFilter(String text, String tag) {

    static final String TAG_PREFIX = "tag:";

    static InventoryFilter parse(String typed) {
        String q = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (q.startsWith(TAG_PREFIX)) {
            return new InventoryFilter("", q.substring(TAG_PREFIX.length()).strip());
        }
        return new InventoryFilter(q, null);
    }

    boolean isEmpty() {
        return text.isEmpty() && (tag == null || tag.isEmpty());
    }

    /** Whether an object with these names (its name, its state...) and tags is asked for. */
    boolean matches(List<String> words, List<String> tags) {
        if (tag != null) {
            return tag.isEmpty() || tags.stream().anyMatch(t -> t.equalsIgnoreCase(tag));
        }
        if (text.isEmpty()) {
            return true;
        }
        return words.stream().anyMatch(w -> w != null && w.toLowerCase(Locale.ROOT).contains(text))
                || tags.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(text));
    }
}
