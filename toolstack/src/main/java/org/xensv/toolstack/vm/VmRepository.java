package org.xensv.toolstack.vm;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface VmRepository extends JpaRepository<Vm, UUID> {

    boolean existsByNameIgnoreCase(String name);

    List<Vm> findAllByOrderByName();

    List<Vm> findByHostIdOrderByName(UUID hostId);

    List<Vm> findByCurrentOperationIsNotNull();

    List<Vm> findByQosPolicyIdOrderByName(UUID qosPolicyId);

    List<Vm> findByTemplateFalseOrderByName();

    List<Vm> findByTemplateTrueOrderByName();

    List<Vm> findByHostIdAndTemplateFalseOrderByName(UUID hostId);
}
