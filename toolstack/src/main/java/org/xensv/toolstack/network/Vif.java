package org.xensv.toolstack.network;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A VM's virtual NIC on a network: device index, MAC, an optional rate limit in xl's syntax and an
 * optional QoS policy (whose NIC rate applies when the VIF has none of its own).
 */
@Entity
@Table(name = "vif")
class Vif {

    @Id
    private UUID id;
    @Column(name = "vm_id")
    private UUID vmId;
    @Column(name = "network_id")
    private UUID networkId;
    @Column(name = "pool_id")
    private UUID poolId;
    private int device;
    private String mac;
    private String rate;
    @Column(name = "qos_policy_id")
    private UUID qosPolicyId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected Vif() {
    }

    Vif(UUID vmId, UUID poolId, VifValues values) {
        this.id = UUID.randomUUID();
        this.vmId = vmId;
        this.poolId = poolId;
        this.createdAt = Instant.now();
        change(values);
    }

    final void change(VifValues values) {
        this.networkId = values.networkId();
        this.device = values.device();
        this.mac = values.mac();
        this.rate = values.rate();
        this.qosPolicyId = values.qosPolicyId();
    }

    UUID id() {
        return id;
    }

    UUID vmId() {
        return vmId;
    }

    /** The optimistic-lock version: it moves only when a person changes the VIF. */
    long version() {
        return version;
    }

    VifValues values() {
        return new VifValues(networkId, device, mac, rate, qosPolicyId);
    }

    /** Checked values of a VIF: what the form becomes once validated; {@code rate} null = the policy's, if any. */
    record VifValues(UUID networkId, int device, String mac, String rate, UUID qosPolicyId) {
    }
}
