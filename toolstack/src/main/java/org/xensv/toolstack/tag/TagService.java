package org.xensv.toolstack.tag;

import org.xensv.toolstack.audit.Audited;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;

/**
 * Tags of VMs, hosts, networks and images: add (idempotent, case-insensitive), remove, list, and
 * find the objects that carry a tag (one indexed query, whatever the inventory's size). An object's
 * tags go when the object is deleted. Each change is announced as a change of the object.
 */
@Service
public class TagService {

    /** How many tags one object may carry. */
    public static final int MAX_PER_OBJECT = 32;

    /** An object that carries a tag. */
    public record TaggedObject(TaggedKind kind, UUID id, String name) {
    }

    private final TagRepository tags;
    private final EventBus events;
    /** Looked up when first needed: the services behind them use this one (a VM's view carries its tags). */
    private final org.springframework.beans.factory.ObjectProvider<TaggedObjects> kinds;
    private volatile Map<TaggedKind, TaggedObjects> objects;

    TagService(TagRepository tags, EventBus events, org.springframework.beans.factory.ObjectProvider<TaggedObjects> kinds,
               PlatformTransactionManager transactions) {
        this.tags = tags;
        this.events = events;
        this.kinds = kinds;
        // deletions are announced after their commit: the tags go in a transaction of their own
        TransactionTemplate own = new TransactionTemplate(transactions);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        events.subscribeLocal(event -> {
            if (event.kind() == InventoryEvent.Kind.DELETED) {
                TaggedKind.of(event.objectType()).ifPresent(kind -> own.executeWithoutResult(s -> tags.deleteAllOf(kind, event.id())));
            }
        });
    }

    /** The object's tags, sorted without regard to case. */
    @Transactional(readOnly = true)
    public List<String> of(TaggedKind kind, UUID id) {
        return tags.findByObjectTypeAndObjectIdOrderByNameKey(kind, id).stream().map(Tag::name).toList();
    }

    /** The tags of an object, which must exist (else not found). */
    @Transactional(readOnly = true)
    public List<String> ofExisting(TaggedKind kind, UUID id) {
        nameOf(kind, id);
        return of(kind, id);
    }

    /** The tags of every object of a kind that has any, in one query. */
    @Transactional(readOnly = true)
    public Map<UUID, List<String>> ofAll(TaggedKind kind) {
        return byObject(tags.namesOf(kind));
    }

    /** The tags of some objects of a kind (a page of a list), in one query. */
    @Transactional(readOnly = true)
    public Map<UUID, List<String>> ofSome(TaggedKind kind, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return byObject(tags.namesOf(kind, ids));
    }

    /** (object id, name) rows, already in name order, as each object's names. */
    private static Map<UUID, List<String>> byObject(List<Object[]> rows) {
        Map<UUID, List<String>> names = new HashMap<>();
        for (Object[] row : rows) {
            names.computeIfAbsent((UUID) row[0], id -> new ArrayList<>(2)).add((String) row[1]);
        }
        return names;
    }

    /** The ids of the objects of a kind tagged {@code tag} (any case); an invalid tag is refused naming the field. */
    @Transactional(readOnly = true)
    public Set<UUID> tagged(TaggedKind kind, String tag) {
        return Set.copyOf(tags.objectsTagged(kind, new TagName(tag).key()));
    }

    /** Every object of any kind that carries the tag, by kind then name. */
    @Transactional(readOnly = true)
    public List<TaggedObject> objectsTagged(String tag) {
        return tags.findByNameKey(new TagName(tag).key()).stream()
                .map(t -> {
                    TaggedKind kind = t.kind();
                    return new TaggedObject(kind, t.objectId(), nameOrNull(kind, t.objectId()));
                })
                .filter(o -> o.name() != null)
                .sorted(java.util.Comparator.comparing(TaggedObject::kind).thenComparing(TaggedObject::name))
                .toList();
    }

    /** Every tag in use, with how many objects carry it, by name. */
    @Transactional(readOnly = true)
    public Map<String, Long> inUse() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        tags.usage().forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /** Adds a tag; adding one the object already has (in any case) changes nothing. Returns the object's tags. */
    @Transactional
    @Audited("tag.add")
    public List<String> add(TaggedKind kind, UUID id, String tag) {
        TagName name = new TagName(tag);
        nameOf(kind, id);
        if (tags.findByObjectTypeAndObjectIdAndNameKey(kind, id, name.key()).isEmpty()) {
            if (tags.countByObjectTypeAndObjectId(kind, id) >= MAX_PER_OBJECT) {
                throw new InvalidValueException("tag", tag, "is one too many: an object carries at most " + MAX_PER_OBJECT + " tags");
            }
            try {
                tags.saveAndFlush(new Tag(kind, id, name));
            } catch (DataIntegrityViolationException e) {
                // added meanwhile by another request: the object has the tag, as asked
            }
            events.changed(kind.objectType(), id);
        }
        return of(kind, id);
    }

    /** Removes a tag (any case); refused as not found if the object does not carry it. Returns the object's tags. */
    @Transactional
    @Audited("tag.remove")
    public List<String> remove(TaggedKind kind, UUID id, String tag) {
        TagName name = new TagName(tag);
        String object = nameOf(kind, id);
        Tag found = tags.findByObjectTypeAndObjectIdAndNameKey(kind, id, name.key())
                .orElseThrow(() -> new NotFoundException("tag '" + name + "' on " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + " '" + object + "'", name));
        tags.delete(found);
        tags.flush();
        events.changed(kind.objectType(), id);
        return of(kind, id);
    }

    private String nameOf(TaggedKind kind, UUID id) {
        if (objects == null) {
            Map<TaggedKind, TaggedObjects> found = new EnumMap<>(TaggedKind.class);
            kinds.orderedStream().forEach(k -> found.put(k.kind(), k));
            objects = found;
        }
        TaggedObjects of = objects.get(kind);
        if (of == null) {
            throw new IllegalStateException("no TaggedObjects for " + kind);
        }
        return of.nameOf(id);
    }

    private String nameOrNull(TaggedKind kind, UUID id) {
        try {
            return nameOf(kind, id);
        } catch (NotFoundException e) {
            return null;
        }
    }
}
