-- xensv schema, version 19: saved filters. (V18 is left to another branch.)
-- A user keeps searches of the VMs (the text typed in the inventory tree's or the VMs grid's search,
-- e.g. "tag:env=prod state:running") under a name of their own, unique per user in any case.
-- H2 in PostgreSQL mode and PostgreSQL 15 alike.

CREATE TABLE saved_filter (
    id         UUID          PRIMARY KEY,
    user_id    UUID          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       VARCHAR(64)   NOT NULL,
    name_key   VARCHAR(64)   NOT NULL,
    query      VARCHAR(500)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version    BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT saved_filter_name_per_user UNIQUE (user_id, name_key)
);
