package org.xensv.toolstack.network;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A pool-wide network: one segment of every host's virtual switch, tagged with its VLAN or, when
 * untagged, on a segment of its own (see V6__networks_and_vifs.sql).
 */
@Entity
@Table(name = "network")
class Network {

    @Id
    private UUID id;
    @Column(name = "pool_id")
    private UUID poolId;
    private String name;
    private String description;
    private Integer vlan;
    private int segment;
    private int mtu;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected Network() {
    }

    Network(UUID poolId, String name, String description, Integer vlan, int segment, int mtu) {
        this.id = UUID.randomUUID();
        this.poolId = poolId;
        this.createdAt = Instant.now();
        change(name, description, vlan, segment, mtu);
    }

    final void change(String name, String description, Integer vlan, int segment, int mtu) {
        this.name = name;
        this.description = description == null ? "" : description;
        this.vlan = vlan;
        this.segment = segment;
        this.mtu = mtu;
    }

    UUID id() {
        return id;
    }

    UUID poolId() {
        return poolId;
    }

    String name() {
        return name;
    }

    Integer vlan() {
        return vlan;
    }

    long version() {
        return version;
    }

    int segment() {
        return segment;
    }

    NetworkView view(java.util.List<String> usedBy) {
        return new NetworkView(id, poolId, name, description, vlan, segment, mtu, usedBy, version);
    }
}
