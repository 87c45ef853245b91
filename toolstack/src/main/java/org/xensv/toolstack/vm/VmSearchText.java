package org.xensv.toolstack.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a search box of VMs asks for, as a {@link VmQuery}: plain words are part of the name,
 * {@code tag:env=prod} a tag (any case), {@code state:running,paused} power states, {@code host:h1}
 * part of a host's name, {@code pool:lab} part of a pool's name. A malformed tag or state is refused
 * by the query, naming it. The console's tree and VMs grid and the saved filters all read searches
 * through this one parser, so a saved search means the same everywhere.
 */
public final class VmSearchText {

    private VmSearchText() {
    }

    public static VmQuery apply(String typed, VmQuery base) {
        VmQuery query = base;
        List<String> words = new ArrayList<>();
        for (String token : (typed == null ? "" : typed).strip().split("\\s+")) {
            String lower = token.toLowerCase(Locale.ROOT);
            if (token.isEmpty()) {
                continue;
            }
            if (lower.startsWith("tag:") && lower.length() > 4) {
                query = query.tagged(token.substring(4));
            } else if (lower.startsWith("state:") && lower.length() > 6) {
                query = query.withStates(VmQuery.states(token.substring(6)));
            } else if (lower.startsWith("host:") && lower.length() > 5) {
                query = query.onHostNamed(token.substring(5));
            } else if (lower.startsWith("pool:") && lower.length() > 5) {
                query = query.inPoolNamed(token.substring(5));
            } else {
                words.add(token);
            }
        }
        return query.withText(String.join(" ", words));
    }
}
