package org.xensv.toolstack.vm;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The high-availability rows: each pool's host-lost timeout ({@code ha_pool}; a pool without one
 * uses {@code xensv.ha.host-lost-timeout}, 30 s by default) and the fences ({@code ha_fence}): the
 * VMs HA restarted away from a lost host, whose copy there must be destroyed when it returns. Plain
 * SQL in the caller's transaction, if any.
 */
@Component
class HaStore {

    /** A VM whose copy on a host must be destroyed before the host is reconciled. */
    record Fence(UUID hostId, UUID vmId, String vmName) {
    }

    private final JdbcClient jdbc;
    private final Duration defaultTimeout;

    HaStore(org.springframework.jdbc.core.JdbcTemplate jdbc, @Value("${xensv.ha.host-lost-timeout:PT30S}") Duration defaultTimeout) {
        this.jdbc = JdbcClient.create(jdbc);
        this.defaultTimeout = defaultTimeout;
    }

    Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** The pool's own timeout, empty if it uses the default. */
    Optional<Duration> ownTimeout(UUID poolId) {
        return jdbc.sql("SELECT host_lost_timeout_seconds FROM ha_pool WHERE pool_id = ?").param(poolId)
                .query(Integer.class).optional().map(Duration::ofSeconds);
    }

    Duration timeout(UUID poolId) {
        return ownTimeout(poolId).orElse(defaultTimeout);
    }

    /** Sets the pool's timeout; null goes back to the default. */
    void setTimeout(UUID poolId, Integer seconds) {
        jdbc.sql("DELETE FROM ha_pool WHERE pool_id = ?").param(poolId).update();
        if (seconds != null) {
            jdbc.sql("INSERT INTO ha_pool (pool_id, host_lost_timeout_seconds) VALUES (?, ?)").params(poolId, seconds).update();
        }
    }

    List<Fence> fences(UUID hostId) {
        return jdbc.sql("SELECT host_id, vm_id, vm_name FROM ha_fence WHERE host_id = ? ORDER BY created_at, vm_name")
                .param(hostId)
                .query((rs, n) -> new Fence(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                .list();
    }

    void addFence(UUID hostId, UUID vmId, String vmName) {
        jdbc.sql("DELETE FROM ha_fence WHERE host_id = ? AND vm_id = ?").params(hostId, vmId).update();
        jdbc.sql("INSERT INTO ha_fence (host_id, vm_id, vm_name, created_at) VALUES (?, ?, ?, ?)")
                .params(hostId, vmId, vmName, OffsetDateTime.now(ZoneOffset.UTC)).update();
    }

    void removeFence(UUID hostId, UUID vmId) {
        jdbc.sql("DELETE FROM ha_fence WHERE host_id = ? AND vm_id = ?").params(hostId, vmId).update();
    }

    /** The host is gone from the inventory: nothing left to fence on it. */
    void forgetHost(UUID hostId) {
        jdbc.sql("DELETE FROM ha_fence WHERE host_id = ?").param(hostId).update();
    }
}
