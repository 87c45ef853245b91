package org.xensv.toolstack.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface AccountRepository extends JpaRepository<Account, UUID> {

    Optional<Account> findByUsernameKey(String usernameKey);

    List<Account> findAllByOrderByUsernameKey();

    long countByRoleAndEnabledTrue(Role role);
}
