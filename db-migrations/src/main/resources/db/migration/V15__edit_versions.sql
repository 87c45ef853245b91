-- xensv schema, version 15: a VM's edit version. (V14 is left to the single sign-on branch.)
-- The vm row's optimistic-lock version moves whenever the reconciler records what a host reports
-- (power state, memory, the last event), so it cannot tell an admin that someone else changed the
-- settings they opened. settings_version moves only when a person changes a VM's settings (its CPU
-- QoS and policy today); a save opened on an older one is refused as stale.
-- H2 in PostgreSQL mode and PostgreSQL 15 alike.

ALTER TABLE vm ADD COLUMN settings_version BIGINT NOT NULL DEFAULT 0;
