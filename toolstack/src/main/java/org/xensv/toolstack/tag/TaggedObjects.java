package org.xensv.toolstack.tag;

import java.util.UUID;

/**
 * The objects of one kind that carry tags, as their own package knows them: each of the vm, host,
 * network and storage packages gives one, so this package depends on none of them.
 */
public interface TaggedObjects {

    TaggedKind kind();

    /** The object's name; throws the package's not-found error if there is no such object. */
    String nameOf(java.util.UUID id);

    /** A shorthand for implementations. */
    static TaggedObjects of(TaggedKind kind, java.util.function.Function<UUID, String> nameOf) {
        return new TaggedObjects() {
            @Override
            public TaggedKind kind() {
                return kind;
            }

            @Override
            public String nameOf(UUID id) {
                return nameOf.apply(id);
            }
        };
    }
}
