package org.xensv.toolstack.qos;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A named QoS policy: values a VM, VIF or VBD that uses it gets where it has none of its own (see V7__qos_policies.sql). */
@Entity
@Table(name = "qos_policy")
class QosPolicy {

    @Id
    private UUID id;
    private String name;
    private String description;
    @Column(name = "nic_rate")
    private String nicRate;
    @Column(name = "nic_burst_kb")
    private Long nicBurstKB;
    @Column(name = "cpu_weight")
    private Integer cpuWeight;
    @Column(name = "cpu_cap")
    private Integer cpuCap;
    @Column(name = "disk_iops")
    private Long diskIops;
    @Column(name = "disk_mbps")
    private Long diskMBps;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected QosPolicy() {
    }

    QosPolicy(QosPolicyValues values) {
        this.id = UUID.randomUUID();
        this.createdAt = Instant.now();
        change(values);
    }

    final void change(QosPolicyValues values) {
        this.name = values.name();
        this.description = values.description();
        this.nicRate = values.nicRate();
        this.nicBurstKB = values.nicBurstKB();
        this.cpuWeight = values.cpuWeight();
        this.cpuCap = values.cpuCap();
        this.diskIops = values.diskIops();
        this.diskMBps = values.diskMBps();
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    long version() {
        return version;
    }

    QosSettings settings() {
        return new QosSettings(id, name, QosPolicyValues.rateLimit(nicRate, nicBurstKB), cpuWeight, cpuCap, diskIops, diskMBps);
    }

    QosPolicyView view(List<String> usedBy) {
        return new QosPolicyView(id, name, description, nicRate, nicBurstKB, cpuWeight, cpuCap, diskIops, diskMBps, usedBy, version);
    }
}
