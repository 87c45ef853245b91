package org.xensv.toolstack.host;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.xensv.hypervisor.api.HostInfo;

/** A host of a pool, reached through the driver its URI names. */
@Entity
@Table(name = "host")
class Host {

    @Id
    private UUID id;
    @Column(name = "pool_id")
    private UUID poolId;
    private String name;
    private String uri;
    @Enumerated(EnumType.STRING)
    private ConnectionState connection;
    @Column(name = "connection_error")
    private String connectionError;
    private boolean maintenance;
    private int pcpus;
    @Column(name = "memory_mib")
    private long memoryMiB;
    @Column(name = "free_memory_mib")
    private long freeMemoryMiB;
    private String hypervisor;
    @Column(name = "cpu_model")
    private String cpuModel;
    /** The last reason the connection failed, kept once it is connected again (connectionError is cleared then). */
    @Column(name = "last_error")
    private String lastError;
    @Column(name = "last_error_at")
    private Instant lastErrorAt;
    /** The host agent's version, "" for a host reached without one. */
    @Column(name = "agent_version")
    private String agentVersion;
    @Column(name = "created_at")
    private Instant createdAt;
    /** The console whose process an embedded host lives in (V18); null for other hosts, which every console reaches. */
    @Column(name = "console_id")
    private String consoleId;
    @Version
    private long version;

    /** The length of the {@code connection_error} column. */
    private static final int MAX_ERROR = 1000;

    protected Host() {
    }

    Host(UUID poolId, String name, String uri) {
        this.id = UUID.randomUUID();
        this.poolId = poolId;
        this.name = name;
        this.uri = uri;
        this.connection = ConnectionState.DISCONNECTED;
        this.hypervisor = "";
        this.cpuModel = "";
        this.agentVersion = "";
        this.createdAt = Instant.now();
    }

    UUID id() {
        return id;
    }

    /** Whether the host lives inside a console's process (embedded://), where no other console can reach it. */
    boolean embedded() {
        return uri.startsWith("embedded:");
    }

    /** The console an embedded host lives in; null if not recorded (before V18) or not embedded. */
    String consoleId() {
        return consoleId;
    }

    void livesIn(String consoleId) {
        this.consoleId = consoleId;
    }

    String name() {
        return name;
    }

    String uri() {
        return uri;
    }

    ConnectionState connection() {
        return connection;
    }

    String connectionError() {
        return connectionError;
    }

    boolean maintenance() {
        return maintenance;
    }

    /** Returns true if anything changed. */
    boolean connected(HostInfo info) {
        boolean changed = connection != ConnectionState.CONNECTED || pcpus != info.pcpus()
                || memoryMiB != info.memoryMiB() || freeMemoryMiB != info.freeMemoryMiB() || connectionError != null
                || !info.cpuModel().equals(cpuModel) || !agentVersionOf(info).equals(agentVersion());
        connection = ConnectionState.CONNECTED;
        connectionError = null;
        pcpus = info.pcpus();
        memoryMiB = info.memoryMiB();
        freeMemoryMiB = info.freeMemoryMiB();
        hypervisor = info.hypervisor() + " " + info.version();
        cpuModel = info.cpuModel();
        agentVersion = agentVersionOf(info);
        return changed;
    }

    /** The agent's version as the column holds it (64 characters at most). */
    private static String agentVersionOf(HostInfo info) {
        return info.agentVersion().length() <= 64 ? info.agentVersion() : info.agentVersion().substring(0, 64);
    }

    /** Returns true if anything changed. */
    boolean disconnected(String reason) {
        if (reason != null && reason.length() > MAX_ERROR) {
            reason = reason.substring(0, MAX_ERROR - 1) + "…"; // a driver's reason may carry a whole cause chain
        }
        boolean changed = connection != ConnectionState.DISCONNECTED || !java.util.Objects.equals(connectionError, reason);
        if (changed) {
            lastError = reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000);
            lastErrorAt = Instant.now();
        }
        connection = ConnectionState.DISCONNECTED;
        connectionError = reason;
        return changed;
    }

    int pcpus() {
        return pcpus;
    }

    long memoryMiB() {
        return memoryMiB;
    }

    long freeMemoryMiB() {
        return freeMemoryMiB;
    }

    String hypervisor() {
        return hypervisor;
    }

    String cpuModel() {
        return cpuModel;
    }

    String lastError() {
        return lastError;
    }

    Instant lastErrorAt() {
        return lastErrorAt;
    }

    String agentVersion() {
        return agentVersion == null ? "" : agentVersion;
    }

    UUID poolId() {
        return poolId;
    }

    HostView view() {
        return new HostView(id, poolId, name, uri, connection, connectionError, maintenance, pcpus, memoryMiB,
                freeMemoryMiB, hypervisor, cpuModel, lastError, lastErrorAt, agentVersion());
    }
}
