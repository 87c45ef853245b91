-- xensv schema, version 8: VM templates and tags on VMs, hosts, networks and images.
-- One history for H2 (MODE=PostgreSQL) and PostgreSQL: portable SQL only.
--
-- A template is a VM row with is_template set: defined halted on its host (so its disks and NICs
-- stay where they are), never started, listed apart from the VMs; new VMs are made from it with
-- its disks cloned.
ALTER TABLE vm ADD COLUMN is_template BOOLEAN NOT NULL DEFAULT FALSE;

-- Tags: one row per tag of an object. object_type is VM, HOST, NETWORK or IMAGE; there is no
-- foreign key (one table for four kinds), the toolstack removes an object's tags when it is deleted.
-- name is the tag as typed; name_key its lower-case form, which makes a tag unique per object
-- without regard to case, and which searches by tag use (the index serves "every VM tagged x").
CREATE TABLE tag (
    id           UUID         PRIMARY KEY,
    object_type  VARCHAR(16)  NOT NULL,
    object_id    UUID         NOT NULL,
    name         VARCHAR(32)  NOT NULL,
    name_key     VARCHAR(32)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tag_once_per_object UNIQUE (object_type, object_id, name_key)
);

CREATE INDEX tag_name_idx ON tag (name_key, object_type);

-- The comma-separated vm.tags of version 1 was never written anything but '' (nothing filled it):
-- the tag table replaces it.
ALTER TABLE vm DROP COLUMN tags;
