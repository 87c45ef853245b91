package org.xensv.toolstack.tag;

import java.util.Arrays;

import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;

/** The kinds of object that carry tags, with the REST collection each lives in. */
public enum TaggedKind {
    VM("vms", ObjectType.VM), HOST("hosts", ObjectType.HOST), NETWORK("networks", ObjectType.NETWORK),
    IMAGE("images", ObjectType.IMAGE);

    private final String collection;
    private final ObjectType objectType;

    TaggedKind(String collection, ObjectType objectType) {
        this.collection = collection;
        this.objectType = objectType;
    }

    /** The path segment under /api/v1, e.g. {@code vms}. */
    public String collection() {
        return collection;
    }

    ObjectType objectType() {
        return objectType;
    }

    static TaggedKind ofCollection(String collection) {
        return Arrays.stream(values()).filter(k -> k.collection.equals(collection)).findFirst()
                .orElseThrow(() -> new InvalidValueException("kind", collection, "must be one of vms, hosts, networks, images"));
    }

    static java.util.Optional<TaggedKind> of(ObjectType type) {
        return Arrays.stream(values()).filter(k -> k.objectType == type).findFirst();
    }
}
