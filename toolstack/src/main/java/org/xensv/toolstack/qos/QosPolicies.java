package org.xensv.toolstack.qos;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;

/**
 * What the packages whose objects use policies read: a policy's settings by id. Kept apart from
 * {@link QosPolicyService}, which calls those packages back through {@link QosPolicyUsers}.
 */
@Component
public class QosPolicies {

    private final QosPolicyRepository policies;

    QosPolicies(QosPolicyRepository policies) {
        this.policies = policies;
    }

    /** The policy's settings; null id = no policy. */
    @Transactional(readOnly = true)
    public Optional<QosSettings> find(UUID id) {
        return id == null ? Optional.empty() : policies.findById(id).map(QosPolicy::settings);
    }

    /** The policy a form names, checked: refused naming {@code field} if there is no such policy; null = none. */
    @Transactional(readOnly = true)
    public QosSettings require(UUID id, String field) {
        if (id == null) {
            return null;
        }
        return find(id).orElseThrow(() -> new InvalidValueException(field, id, "must name an existing QoS policy"));
    }

    @Transactional(readOnly = true)
    public Map<UUID, QosSettings> all() {
        return policies.findAll().stream().map(QosPolicy::settings).collect(Collectors.toMap(QosSettings::id, Function.identity()));
    }

    @Transactional(readOnly = true)
    public List<QosSettings> list() {
        return policies.findAllByOrderByName().stream().map(QosPolicy::settings).toList();
    }
}
