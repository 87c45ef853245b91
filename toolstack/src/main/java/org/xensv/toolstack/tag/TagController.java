package org.xensv.toolstack.tag;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tags of VMs, hosts, networks and images: {@code GET|PUT|DELETE /api/v1/{vms|hosts|networks|images}/{id}/tags[/{tag}]}
 * (one path per kind, so each is in the OpenAPI document)
 * (PUT adds, and is idempotent; each answers the object's tags), and the search across kinds:
 * {@code GET /api/v1/tags} (every tag in use, with its count) and {@code GET /api/v1/tags/{tag}}.
 */
@RestController
@RequestMapping("/api/v1")
class TagController {

    private static final String VMS = "/vms/{id}/tags";
    private static final String HOSTS = "/hosts/{id}/tags";
    private static final String NETWORKS = "/networks/{id}/tags";
    private static final String IMAGES = "/images/{id}/tags";
    private static final String ONE = "/{tag}";

    private final TagService tags;

    TagController(TagService tags) {
        this.tags = tags;
    }

    @GetMapping({VMS, HOSTS, NETWORKS, IMAGES})
    List<String> list(@PathVariable UUID id, HttpServletRequest request) {
        return tags.ofExisting(kindOf(request), id);
    }

    @PutMapping({VMS + ONE, HOSTS + ONE, NETWORKS + ONE, IMAGES + ONE})
    List<String> add(@PathVariable UUID id, @PathVariable String tag, HttpServletRequest request) {
        Access.require(actionOn(kindOf(request)));
        return tags.add(kindOf(request), id, tag);
    }

    @DeleteMapping({VMS + ONE, HOSTS + ONE, NETWORKS + ONE, IMAGES + ONE})
    List<String> remove(@PathVariable UUID id, @PathVariable String tag, HttpServletRequest request) {
        Access.require(actionOn(kindOf(request)));
        return tags.remove(kindOf(request), id, tag);
    }

    /** Tagging a VM is an operator's business; tagging the infrastructure an admin's. */
    private static Action actionOn(TaggedKind kind) {
        return kind == TaggedKind.VM ? Action.VM_TAGS : Action.INFRASTRUCTURE_TAGS;
    }

    /** The collection the request names: {@code /api/v1/<collection>/...}. */
    private static TaggedKind kindOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String[] parts = path.split("/");
        return TaggedKind.ofCollection(parts.length > 3 ? parts[3] : "");
    }

    @GetMapping("/tags")
    Map<String, Long> inUse() {
        return tags.inUse();
    }

    @GetMapping("/tags/{tag}")
    List<TagService.TaggedObject> tagged(@PathVariable String tag) {
        return tags.objectsTagged(tag);
    }
}
