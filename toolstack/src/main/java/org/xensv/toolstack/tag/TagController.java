package org.xensv.toolstack.tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tags of VMs, hosts, networks and images: {@code GET|PUT|DELETE /api/v1/{vms|hosts|networks|images}/{id}/tags[/{tag}]}
 * (PUT adds, and is idempotent; each answers the object's tags), and the search across kinds:
 * {@code GET /api/v1/tags} (every tag in use, with its count) and {@code GET /api/v1/tags/{tag}}.
 */
@RestController
@RequestMapping("/api/v1")
class TagController {

    private static final String KIND = "/{kind:vms|hosts|networks|images}";

    private final TagService tags;

    TagController(TagService tags) {
        this.tags = tags;
    }

    @GetMapping(KIND + "/{id}/tags")
    List<String> list(@PathVariable String kind, @PathVariable UUID id) {
        return tags.ofExisting(TaggedKind.ofCollection(kind), id);
    }

    @PutMapping(KIND + "/{id}/tags/{tag}")
    List<String> add(@PathVariable String kind, @PathVariable UUID id, @PathVariable String tag) {
        return tags.add(TaggedKind.ofCollection(kind), id, tag);
    }

    @DeleteMapping(KIND + "/{id}/tags/{tag}")
    List<String> remove(@PathVariable String kind, @PathVariable UUID id, @PathVariable String tag) {
        return tags.remove(TaggedKind.ofCollection(kind), id, tag);
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
