package org.xensv.toolstack.qos;

import org.xensv.toolstack.audit.Audited;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.StaleObjectException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;

/**
 * Named QoS policies. Every value is checked before anything is written, so a refused request
 * changes nothing. An edit is committed first, then applied to every VM, VIF and disk that uses
 * the policy (live on running VMs) by the packages that own them, outside any transaction: a host
 * that cannot take it is reported, and the object gets the values at its next definition.
 */
@Service
public class QosPolicyService {

    private static final Logger log = LoggerFactory.getLogger(QosPolicyService.class);

    /** An edited policy, and what could not be applied to its users (empty when all took it). */
    public record Updated(QosPolicyView policy, List<String> notApplied) {
    }

    private final QosPolicyRepository policies;
    private final List<QosPolicyUsers> users;
    private final EventBus events;
    private final TransactionTemplate tx;

    QosPolicyService(QosPolicyRepository policies, List<QosPolicyUsers> users, EventBus events,
                     PlatformTransactionManager transactions) {
        this.policies = policies;
        this.users = users;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    public List<QosPolicyView> list() {
        List<QosPolicy> all = tx.execute(s -> policies.findAllByOrderByName());
        return all.stream().map(p -> p.view(usersOf(p.id()))).toList();
    }

    public QosPolicyView get(UUID id) {
        QosPolicy policy = tx.execute(s -> find(id));
        return policy.view(usersOf(id));
    }

    @Audited("qos-policy.create")
    public QosPolicyView create(QosPolicyForm form) {
        QosPolicyValues values = QosPolicyValues.of(form);
        QosPolicy created = tx.execute(s -> {
            checkNameFree(values.name(), null);
            return saved(() -> policies.saveAndFlush(new QosPolicy(values)), values);
        });
        events.created(ObjectType.QOS_POLICY, created.id());
        return created.view(List.of());
    }

    /** Edits the policy, then applies it to every object that uses it; see {@link Updated#notApplied()}. */
    @Audited("qos-policy.update")
    public Updated update(UUID id, QosPolicyForm form) {
        QosPolicyValues values = QosPolicyValues.of(form);
        QosPolicy changed = tx.execute(s -> {
            QosPolicy policy = find(id);
            StaleObjectException.check("QoS policy", policy.name(), form.version(), policy.version());
            checkNameFree(values.name(), id);
            policy.change(values);
            return saved(() -> policies.saveAndFlush(policy), values);
        });
        List<String> notApplied = new ArrayList<>();
        for (QosPolicyUsers user : users) {
            notApplied.addAll(user.apply(id));
        }
        if (!notApplied.isEmpty()) {
            log.warn("QoS policy '{}' changed; not applied live to: {}", changed.name(), notApplied);
        }
        events.changed(ObjectType.QOS_POLICY, id);
        return new Updated(changed.view(usersOf(id)), notApplied);
    }

    /** Deletes a policy nothing uses; refused naming the users otherwise. */
    @Audited("qos-policy.delete")
    public void delete(UUID id) {
        QosPolicy policy = tx.execute(s -> find(id));
        List<String> using = usersOf(id);
        if (!using.isEmpty()) {
            throw inUse(policy.name(), using);
        }
        try {
            tx.executeWithoutResult(s -> {
                policies.delete(find(id));
                policies.flush();
            });
        } catch (DataIntegrityViolationException e) {
            throw inUse(policy.name(), usersOf(id)); // attached meanwhile
        }
        events.deleted(ObjectType.QOS_POLICY, id);
    }

    private static ConflictException inUse(String name, List<String> using) {
        return new ConflictException("QOS_POLICY_IN_USE", Map.of("policy", name, "users", using),
                "QoS policy '" + name + "' is in use by " + String.join(", ", using)
                        + ". Detach it from them (or pick another policy for them) first.");
    }

    private List<String> usersOf(UUID id) {
        return users.stream().flatMap(u -> u.usersOf(id).stream()).toList();
    }

    private QosPolicy find(UUID id) {
        return policies.findById(id).orElseThrow(() -> new NotFoundException("QoS policy", id));
    }

    private void checkNameFree(String name, UUID self) {
        policies.findByNameIgnoreCase(name).filter(other -> !other.id().equals(self)).ifPresent(other -> {
            throw new InvalidValueException("name", name, "is already used by another QoS policy");
        });
    }

    /** Saves, answering a lost race on the name's unique constraint as the check would have. */
    private static QosPolicy saved(java.util.function.Supplier<QosPolicy> save, QosPolicyValues values) {
        try {
            return save.get();
        } catch (DataIntegrityViolationException e) {
            throw new InvalidValueException("name", values.name(), "is already used by another QoS policy");
        }
    }
}
