-- xensv schema, version 6: pool-wide networks (VLAN tag, MTU) and the VIFs that plug VMs into them.
-- One history for H2 (MODE=PostgreSQL) and PostgreSQL: portable SQL only.
--
-- A network belongs to a pool and exists on every host's virtual switch as one segment (the VLAN
-- id the switch tags its frames with). A tagged network's segment is its tag; an untagged network
-- gets a segment of its own, taken from the top of the range (4094 downwards), so that two untagged
-- networks never see each other's frames. Segments are unique in a pool.
-- The default untagged network of each pool is created by the toolstack at start (and when a pool
-- is created), not here: UUIDs are generated in Java, as for every other table.

CREATE TABLE network (
    id          UUID         PRIMARY KEY,
    -- a pool can be deleted once it has no hosts (so no VMs, so no VIFs): its networks go with it
    pool_id     UUID         NOT NULL REFERENCES pool (id) ON DELETE CASCADE,
    name        VARCHAR(64)  NOT NULL UNIQUE,
    description VARCHAR(255) NOT NULL DEFAULT '',
    -- the 802.1Q tag; null = untagged
    vlan        INTEGER,
    segment     INTEGER      NOT NULL,
    mtu         INTEGER      NOT NULL DEFAULT 1500,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT network_vlan_range CHECK (vlan IS NULL OR vlan BETWEEN 1 AND 4094),
    CONSTRAINT network_segment_range CHECK (segment BETWEEN 1 AND 4094),
    CONSTRAINT network_mtu_range CHECK (mtu BETWEEN 68 AND 9000),
    CONSTRAINT network_segment_unique UNIQUE (pool_id, segment)
);

-- A VM's virtual NIC. pool_id repeats the network's pool so that a MAC is unique in the pool by
-- constraint; a VIF goes with its VM.
CREATE TABLE vif (
    id          UUID         PRIMARY KEY,
    vm_id       UUID         NOT NULL REFERENCES vm (id) ON DELETE CASCADE,
    network_id  UUID         NOT NULL REFERENCES network (id),
    pool_id     UUID         NOT NULL REFERENCES pool (id) ON DELETE CASCADE,
    device      INTEGER      NOT NULL,
    mac         VARCHAR(17)  NOT NULL,
    -- xl's rate= syntax (10Mb/s@50ms); null = unlimited
    rate        VARCHAR(64),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT vif_device_range CHECK (device BETWEEN 0 AND 63),
    CONSTRAINT vif_device_unique UNIQUE (vm_id, device),
    CONSTRAINT vif_mac_unique UNIQUE (pool_id, mac)
);

CREATE INDEX vif_network_idx ON vif (network_id);
