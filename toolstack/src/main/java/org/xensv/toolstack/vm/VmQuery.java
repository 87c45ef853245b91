package org.xensv.toolstack.vm;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.tag.TagName;

/**
 * Which VMs to list and how: a name fragment (any case), power states, a host, a pool, a tag, the
 * column to sort by, and a page ({@code size} 0: every VM that matches). Answered in SQL by
 * {@link VmSearch}, so a page of ten thousand VMs costs one page.
 *
 * @param text     part of the name, any case; null or blank for any
 * @param states   the power states wanted; empty for any
 * @param tagKey   a tag's lower-case key ({@link TagName#key()}); null for any
 * @param hostText part of the host's name, any case; null for any
 * @param poolText part of the name of the host's pool, any case; null for any
 */
public record VmQuery(String text, Set<PowerState> states, UUID hostId, UUID poolId, String tagKey, String hostText,
                      String poolText, VmSort sort, boolean descending, int page, int size) {

    /** The most one page may hold; asking for every VM (no size) has no limit. */
    public static final int MAX_PAGE_SIZE = 10_000;

    public VmQuery {
        states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(states);
        text = text == null || text.isBlank() ? null : text.strip();
        hostText = hostText == null || hostText.isBlank() ? null : hostText.strip();
        poolText = poolText == null || poolText.isBlank() ? null : poolText.strip();
        sort = sort == null ? VmSort.NAME : sort;
        if (page < 0) {
            throw new InvalidValueException("page", page, "must be 0 or more (pages count from 0)");
        }
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw new InvalidValueException("size", size, "must be between 1 and " + MAX_PAGE_SIZE + " (leave it out for every VM)");
        }
    }

    /** Every VM, by name. */
    public static VmQuery all() {
        return new VmQuery(null, Set.of(), null, null, null, null, null, VmSort.NAME, false, 0, 0);
    }

    public VmQuery withText(String value) {
        return new VmQuery(value, states, hostId, poolId, tagKey, hostText, poolText, sort, descending, page, size);
    }

    public VmQuery withStates(Set<PowerState> value) {
        return new VmQuery(text, value, hostId, poolId, tagKey, hostText, poolText, sort, descending, page, size);
    }

    public VmQuery onHost(UUID value) {
        return new VmQuery(text, states, value, poolId, tagKey, hostText, poolText, sort, descending, page, size);
    }

    /** On a host whose name holds {@code value} (any case). */
    public VmQuery onHostNamed(String value) {
        return new VmQuery(text, states, hostId, poolId, tagKey, value, poolText, sort, descending, page, size);
    }

    /** On a host of a pool whose name holds {@code value} (any case). */
    public VmQuery inPoolNamed(String value) {
        return new VmQuery(text, states, hostId, poolId, tagKey, hostText, value, sort, descending, page, size);
    }

    /** Whether this asks for a subset of the VMs (any filter set; the sort and page do not count). */
    public boolean filtered() {
        return text != null || !states.isEmpty() || hostId != null || poolId != null || tagKey != null || hostText != null
                || poolText != null;
    }

    public VmQuery inPool(UUID value) {
        return new VmQuery(text, states, hostId, value, tagKey, hostText, poolText, sort, descending, page, size);
    }

    /** Tagged {@code tag} (any case); an invalid tag is refused naming the field {@code tag}. */
    public VmQuery tagged(String tag) {
        return new VmQuery(text, states, hostId, poolId, tag == null ? null : new TagName(tag).key(), hostText, poolText, sort, descending, page, size);
    }

    public VmQuery sortedBy(VmSort value, boolean desc) {
        return new VmQuery(text, states, hostId, poolId, tagKey, hostText, poolText, value, desc, page, size);
    }

    /** Rows {@code offset} to {@code offset + limit} (a lazy grid's window); the offset must fall on a page of that size. */
    public VmQuery page(int number, int pageSize) {
        if (pageSize < 1) {
            throw new InvalidValueException("size", pageSize, "must be between 1 and " + MAX_PAGE_SIZE + " (leave it out for every VM)");
        }
        return new VmQuery(text, states, hostId, poolId, tagKey, hostText, poolText, sort, descending, number, pageSize);
    }

    public boolean paged() {
        return size > 0;
    }

    /**
     * {@code running,paused}: power states by their API names (any case), refused naming the field
     * {@code state} when one is not a state.
     */
    public static Set<PowerState> states(String value) {
        Set<PowerState> states = EnumSet.noneOf(PowerState.class);
        if (value == null || value.isBlank()) {
            return states;
        }
        for (String part : value.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            try {
                states.add(PowerState.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("state", part.strip(), "must be one of " + EnumSet.allOf(PowerState.class)
                        .stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
            }
        }
        return states;
    }
}
