package org.xensv.toolstack.vm;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/vms/bulk}: the action, and either the VMs by id or a filter (the list's
 * filters: {@code q}, {@code state}, {@code host}, {@code pool}, {@code tag}) whose every match is
 * taken; {@code tag} names the tag to add or remove for {@code tag}/{@code untag}.
 */
public record BulkRequest(String action, List<UUID> vmIds, Filter filter, String tag) {

    public record Filter(String q, String state, UUID host, UUID pool, String tag) {

        VmQuery query() {
            return VmQuery.all().withText(q).withStates(VmQuery.states(state)).onHost(host).inPool(pool).tagged(tag);
        }
    }
}
