package org.xensv.toolstack.host;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/hosts")
class HostController {

    record AddHost(UUID poolId, String name, String uri) {
    }

    record MoveHost(UUID poolId) {
    }

    private final HostService hosts;
    private final org.xensv.toolstack.tag.TagService tags;

    HostController(HostService hosts, org.xensv.toolstack.tag.TagService tags) {
        this.hosts = hosts;
        this.tags = tags;
    }

    /** Every host, or those tagged {@code tag} (any case). */
    @GetMapping
    List<HostView> list(@org.springframework.web.bind.annotation.RequestParam(required = false) String tag) {
        if (tag == null) {
            return hosts.list();
        }
        var tagged = tags.tagged(org.xensv.toolstack.tag.TaggedKind.HOST, tag);
        return hosts.list().stream().filter(h -> tagged.contains(h.id())).toList();
    }

    @GetMapping("/{id}")
    HostView get(@PathVariable UUID id) {
        return hosts.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    HostView add(@RequestBody AddHost request) {
        Access.require(Action.HOST_MANAGE);
        return hosts.add(request.poolId(), request.name(), request.uri());
    }

    /** Moves a host without VMs to another pool. */
    @org.springframework.web.bind.annotation.PutMapping("/{id}/pool")
    HostView move(@PathVariable UUID id, @RequestBody MoveHost request) {
        Access.require(Action.HOST_MANAGE);
        return hosts.moveToPool(id, request.poolId());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable UUID id) {
        Access.require(Action.HOST_MANAGE);
        hosts.remove(id);
    }
}
