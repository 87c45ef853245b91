-- xensv schema, version 16: high availability (as XenServer HA). (V17 is another branch's.)
-- A VM's HA restart priority: 'RESTART' (restarted on another host of its pool when its host is
-- lost, in ha_restart_order, lowest first), 'BEST_EFFORT' (restarted after every RESTART VM, if
-- capacity is left), or NULL (unprotected: it stays on its lost host, its state unknown).
ALTER TABLE vm ADD COLUMN ha_restart_priority VARCHAR(16);
ALTER TABLE vm ADD COLUMN ha_restart_order INTEGER NOT NULL DEFAULT 0;

-- A pool's HA settings; a pool without a row uses xensv.ha.host-lost-timeout.
CREATE TABLE ha_pool (
    pool_id                    UUID    PRIMARY KEY REFERENCES pool (id) ON DELETE CASCADE,
    host_lost_timeout_seconds  INTEGER NOT NULL
);

-- Fencing: a VM that HA restarted away from a lost host, whose copy on that host (if it still has
-- one) must be destroyed and undefined before anything else is reconciled on the host when it
-- returns. No foreign keys: a row outlives the VM's deletion (the stale copy must still go) and
-- is dropped with its host.
CREATE TABLE ha_fence (
    host_id     UUID         NOT NULL,
    vm_id       UUID         NOT NULL,
    vm_name     VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (host_id, vm_id)
);
