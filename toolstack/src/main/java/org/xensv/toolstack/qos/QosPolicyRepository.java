package org.xensv.toolstack.qos;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface QosPolicyRepository extends JpaRepository<QosPolicy, UUID> {

    List<QosPolicy> findAllByOrderByName();

    Optional<QosPolicy> findByNameIgnoreCase(String name);
}
