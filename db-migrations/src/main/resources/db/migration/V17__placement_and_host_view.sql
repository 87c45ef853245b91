-- xensv schema, version 17: placement and the host view. (V16 is left to the high-availability branch.)
-- A VM may name an anti-affinity group: placement keeps VMs of one group on different hosts where it
-- can (a soft rule, see docs/user-guide.md, "Placement"). NULL: the VM is in no group.
-- A host keeps the last reason its connection failed and when, also once it is connected again
-- (connection_error holds the reason only while it is disconnected), and the version of its host
-- agent ('' for a host that is not reached through one).
-- H2 in PostgreSQL mode and PostgreSQL 15 alike.

ALTER TABLE vm ADD COLUMN anti_affinity_group VARCHAR(64);
CREATE INDEX vm_anti_affinity_group ON vm (anti_affinity_group);

ALTER TABLE host ADD COLUMN last_error VARCHAR(1000);
ALTER TABLE host ADD COLUMN last_error_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE host ADD COLUMN agent_version VARCHAR(64) NOT NULL DEFAULT '';
