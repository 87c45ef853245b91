package org.xensv.webui.tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.xensv.toolstack.tag.TagService;
import org.xensv.toolstack.tag.TaggedKind;

/** The console's tags: the only class of this package that calls the toolstack; editors get its methods. */
@Component
public class TagConsole {

    private final TagService tags;

    TagConsole(TagService tags) {
        this.tags = tags;
    }

    /** An editor of the object's tags. */
    public TagEditor editor(TaggedKind kind, UUID id) {
        return new TagEditor(tags.of(kind, id), tag -> tags.add(kind, id, tag), tag -> tags.remove(kind, id, tag));
    }

    /** Every host's tags, for the inventory. */
    public Map<UUID, List<String>> hostTags() {
        return tags.ofAll(TaggedKind.HOST);
    }

    /** The tags of every object of a kind, for the editors' grids. */
    public Map<UUID, List<String>> tagsOf(TaggedKind kind) {
        return tags.ofAll(kind);
    }
}
