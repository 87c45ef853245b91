package org.xensv.webui.inventory;

import java.util.List;
import java.util.Locale;

import org.xensv.toolstack.vm.VmQuery;
import org.xensv.toolstack.vm.VmSearchText;

/**
 * What the inventory's search box asks for. VMs are searched in SQL by the VMs grid's own parser
 * ({@link VmSearchText}: words of the name, {@code tag:}, {@code state:}, {@code host:}, {@code pool:});
 * the few hosts and templates are matched here, in memory: a search of one word finds the hosts
 * whose name holds it, a search of one {@code tag:} the hosts and templates tagged so (any case).
 * A malformed search is refused by the parser, naming what is wrong.
 *
 * @param query the VMs asked for; {@code null} when the box is empty
 */
record InventoryFilter(VmQuery query) {

    static final InventoryFilter NONE = new InventoryFilter(null);

    static InventoryFilter parse(String typed) {
        if (typed == null || typed.isBlank()) {
            return NONE;
        }
        VmQuery query = VmSearchText.apply(typed, VmQuery.all());
        return query.filtered() ? new InventoryFilter(query) : NONE;
    }

    boolean isEmpty() {
        return query == null;
    }

    /** Whether a host itself is asked for (then the tree shows all its VMs). */
    boolean matchesHost(String name, List<String> tags) {
        if (query == null) {
            return true;
        }
        if (onlyText()) {
            return contains(name, query.text());
        }
        if (onlyHostText()) {
            return contains(name, query.hostText());
        }
        return onlyTag() && tags.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(query.tagKey()));
    }

    /** Whether a template is asked for (templates are not in the VM searches: they never run). */
    boolean matchesTemplate(String name, List<String> tags) {
        if (query == null) {
            return true;
        }
        if (onlyText()) {
            return contains(name, query.text());
        }
        return onlyTag() && tags.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(query.tagKey()));
    }

    private boolean onlyText() {
        return query.text() != null && query.withText(null).equals(VmQuery.all());
    }

    private boolean onlyHostText() {
        return query.hostText() != null && query.onHostNamed(null).equals(VmQuery.all());
    }

    private boolean onlyTag() {
        return query.tagKey() != null && query.tagged(null).equals(VmQuery.all());
    }

    private static boolean contains(String name, String part) {
        return name != null && name.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}
