package org.xensv.toolstack.host;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface HostRepository extends JpaRepository<Host, UUID> {

    boolean existsByNameIgnoreCase(String name);

    boolean existsByUri(String uri);

    List<Host> findAllByOrderByName();

    @org.springframework.data.jpa.repository.Query(value = "select count(*) from vm where host_id = ?1", nativeQuery = true)
    long countVms(UUID hostId);

    /**
     * Records what the host reports without optimistic locking: observations come from the
     * reconciler and from every finished operation, concurrently, and the newest one wins.
     */
    @org.springframework.data.jpa.repository.Modifying(flushAutomatically = true)
    @org.springframework.data.jpa.repository.Query("update Host h set h.connection = :connection, h.connectionError = :error,"
            + " h.pcpus = :pcpus, h.memoryMiB = :memoryMiB, h.freeMemoryMiB = :freeMemoryMiB, h.hypervisor = :hypervisor,"
            + " h.cpuModel = :cpuModel, h.lastError = :lastError, h.lastErrorAt = :lastErrorAt, h.agentVersion = :agentVersion"
            + " where h.id = :id")
    int saveObserved(UUID id, ConnectionState connection, String error, int pcpus, long memoryMiB, long freeMemoryMiB,
                     String hypervisor, String cpuModel, String lastError, java.time.Instant lastErrorAt, String agentVersion);

    /** Records the console an embedded host lives in, if none is recorded yet (a host written before V18). */
    @org.springframework.data.jpa.repository.Modifying(clearAutomatically = true, flushAutomatically = true)
    @org.springframework.data.jpa.repository.Query("update Host h set h.consoleId = :consoleId where h.id = :id and h.consoleId is null")
    int recordConsole(UUID id, String consoleId);

    /** Moves the host to another pool, without optimistic locking (the reconciler updates the same row). */
    @org.springframework.data.jpa.repository.Modifying(clearAutomatically = true, flushAutomatically = true)
    @org.springframework.data.jpa.repository.Query("update Host h set h.poolId = :poolId where h.id = :id")
    int setPool(UUID id, UUID poolId);

    /** Points the host at a new URI without optimistic locking, as {@link #setMaintenance} does. */
    @org.springframework.data.jpa.repository.Modifying(clearAutomatically = true, flushAutomatically = true)
    @org.springframework.data.jpa.repository.Query("update Host h set h.uri = :uri where h.id = :id")
    int setUri(UUID id, String uri);

    /**
     * Sets the flag only if it is not already set to it, without optimistic locking (the reconciler
     * updates the same row every few seconds): of two admins racing, one changes it (1) and the
     * other finds it changed (0), so one evacuation starts, not two.
     */
    @org.springframework.data.jpa.repository.Modifying(clearAutomatically = true, flushAutomatically = true)
    @org.springframework.data.jpa.repository.Query("update Host h set h.maintenance = :maintenance where h.id = :id and h.maintenance <> :maintenance")
    int changeMaintenance(UUID id, boolean maintenance);

    /** Sets the flag without optimistic locking: the reconciler updates the same row every few seconds. */
    @org.springframework.data.jpa.repository.Modifying(clearAutomatically = true, flushAutomatically = true)
    @org.springframework.data.jpa.repository.Query("update Host h set h.maintenance = :maintenance where h.id = :id")
    int setMaintenance(UUID id, boolean maintenance);
}
