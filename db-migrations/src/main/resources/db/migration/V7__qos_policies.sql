-- xensv schema, version 7: named QoS policies, attached to VMs, VIFs and VBDs.
-- One history for H2 (MODE=PostgreSQL) and PostgreSQL: portable SQL only.
--
-- Every value of a policy is optional: null = the policy says nothing about it. What applies to an
-- object is the value set on the object itself, else its policy's, else the default (unlimited, or
-- Xen's weight 256 and no cap). "Set on the object" means: a VIF's rate is not null, a VBD's limit
-- is not 0, a VM's CPU weight is not 256 or its cap not 0 (the columns of V1/V5/V6 keep their
-- meaning). A policy in use cannot be deleted (the toolstack refuses naming the users; the foreign
-- keys below refuse it too).

CREATE TABLE qos_policy (
    id              UUID         PRIMARY KEY,
    name            VARCHAR(64)  NOT NULL UNIQUE,
    description     VARCHAR(255) NOT NULL DEFAULT '',
    -- xl's rate= syntax (10Mb/s or 10Mb/s@50ms)
    nic_rate        VARCHAR(64),
    -- the burst: bytes of credit per refill, in kB (1000 bytes); sets the interval as burst / rate
    nic_burst_kb    BIGINT,
    cpu_weight      INTEGER,
    -- percent of one pCPU, 0 = no cap
    cpu_cap         INTEGER,
    disk_iops       BIGINT,
    -- MB/s of 1,000,000 bytes
    disk_mbps       BIGINT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT qos_policy_burst_range CHECK (nic_burst_kb IS NULL OR nic_burst_kb >= 1),
    CONSTRAINT qos_policy_weight_range CHECK (cpu_weight IS NULL OR cpu_weight BETWEEN 1 AND 65535),
    CONSTRAINT qos_policy_cap_range CHECK (cpu_cap IS NULL OR cpu_cap >= 0),
    CONSTRAINT qos_policy_iops_range CHECK (disk_iops IS NULL OR disk_iops >= 1),
    CONSTRAINT qos_policy_mbps_range CHECK (disk_mbps IS NULL OR disk_mbps >= 1)
);

ALTER TABLE vm ADD COLUMN qos_policy_id UUID;
ALTER TABLE vm ADD CONSTRAINT vm_qos_policy_fk FOREIGN KEY (qos_policy_id) REFERENCES qos_policy (id);
CREATE INDEX vm_qos_policy_idx ON vm (qos_policy_id);

ALTER TABLE vif ADD COLUMN qos_policy_id UUID;
ALTER TABLE vif ADD CONSTRAINT vif_qos_policy_fk FOREIGN KEY (qos_policy_id) REFERENCES qos_policy (id);
CREATE INDEX vif_qos_policy_idx ON vif (qos_policy_id);

ALTER TABLE vbd ADD COLUMN qos_policy_id UUID;
ALTER TABLE vbd ADD CONSTRAINT vbd_qos_policy_fk FOREIGN KEY (qos_policy_id) REFERENCES qos_policy (id);
CREATE INDEX vbd_qos_policy_idx ON vbd (qos_policy_id);
