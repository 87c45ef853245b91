package org.xensv.webui.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.xensv.toolstack.vm.VmQuery;

/**
 * What the VM grid's search box asks for, as a {@link VmQuery}: plain words are part of the name,
 * {@code tag:env=prod} a tag (any case), {@code state:running,paused} power states, {@code host:h1}
 * part of a host's name. A malformed tag or state is refused by the query, naming it.
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
            } else {
                words.add(token);
            }
        }
        return query.withText(String.join(" ", words));
    }
}
