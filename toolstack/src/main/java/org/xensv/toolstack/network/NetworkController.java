package org.xensv.toolstack.network;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.api.IfMatch;

/** Pool-wide networks: VLAN tag (or untagged) and MTU. */
@RestController
@RequestMapping("/api/v1/networks")
class NetworkController {

    private final NetworkService networks;
    private final org.xensv.toolstack.tag.TagService tags;

    NetworkController(NetworkService networks, org.xensv.toolstack.tag.TagService tags) {
        this.networks = networks;
        this.tags = tags;
    }

    /** Every network, or a pool's; only those tagged {@code tag} (any case) if given. */
    @GetMapping
    List<NetworkView> list(@RequestParam(required = false) UUID pool, @RequestParam(required = false) String tag) {
        List<NetworkView> all = pool == null ? networks.list() : networks.inPool(pool);
        if (tag == null) {
            return all;
        }
        var tagged = tags.tagged(org.xensv.toolstack.tag.TaggedKind.NETWORK, tag);
        return all.stream().filter(n -> tagged.contains(n.id())).toList();
    }

    @GetMapping("/{id}")
    NetworkView get(@PathVariable UUID id) {
        return networks.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    NetworkView create(@RequestBody NetworkForm form) {
        Access.require(Action.NETWORK_MANAGE);
        return networks.create(form);
    }

    @PutMapping("/{id}")
    NetworkView update(@PathVariable UUID id, @RequestBody NetworkForm form,
                       @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        Access.require(Action.NETWORK_MANAGE);
        return networks.update(id, form.opened(IfMatch.version(form.version(), ifMatch)));
    }

    /** Refused with 409 NETWORK_IN_USE, naming the VMs, while a VIF is on the network. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        Access.require(Action.NETWORK_MANAGE);
        networks.delete(id);
    }
}
