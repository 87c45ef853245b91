-- xensv schema, version 1: pools, hosts, VMs and tasks.
-- One history for H2 (MODE=PostgreSQL) and PostgreSQL: portable SQL only.

CREATE TABLE pool (
    id          UUID         PRIMARY KEY,
    name        VARCHAR(64)  NOT NULL UNIQUE,
    description VARCHAR(255) NOT NULL DEFAULT '',
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE host (
    id              UUID         PRIMARY KEY,
    pool_id         UUID         NOT NULL REFERENCES pool (id),
    name            VARCHAR(64)  NOT NULL UNIQUE,
    uri             VARCHAR(512) NOT NULL UNIQUE,
    connection      VARCHAR(16)  NOT NULL,
    connection_error VARCHAR(1000),
    maintenance     BOOLEAN      NOT NULL DEFAULT FALSE,
    pcpus           INTEGER      NOT NULL DEFAULT 0,
    memory_mib      BIGINT       NOT NULL DEFAULT 0,
    free_memory_mib BIGINT       NOT NULL DEFAULT 0,
    hypervisor      VARCHAR(64)  NOT NULL DEFAULT '',
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0
);

CREATE TABLE vm (
    id                  UUID         PRIMARY KEY,
    host_id             UUID         NOT NULL REFERENCES host (id),
    name                VARCHAR(64)  NOT NULL UNIQUE,
    description         VARCHAR(255) NOT NULL DEFAULT '',
    domain_type         VARCHAR(8)   NOT NULL,
    vcpus               INTEGER      NOT NULL,
    memory_mib          BIGINT       NOT NULL,
    workload            VARCHAR(16)  NOT NULL,
    workload_fill_mib   BIGINT       NOT NULL,
    workload_set_mib    BIGINT       NOT NULL,
    workload_rate       BIGINT       NOT NULL,
    workload_seed       BIGINT       NOT NULL,
    on_crash            VARCHAR(16)  NOT NULL,
    cpu_weight          INTEGER      NOT NULL DEFAULT 256,
    cpu_cap             INTEGER      NOT NULL DEFAULT 0,
    power_state         VARCHAR(16)  NOT NULL,
    -- set while the host that runs the VM is unreachable: the last known state is kept above
    state_unknown       BOOLEAN      NOT NULL DEFAULT FALSE,
    current_operation   VARCHAR(32),
    tags                VARCHAR(512) NOT NULL DEFAULT '',
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT       NOT NULL DEFAULT 0
);

CREATE INDEX vm_host_idx ON vm (host_id);

CREATE TABLE task (
    id            UUID          PRIMARY KEY,
    name          VARCHAR(128)  NOT NULL,
    operation     VARCHAR(32)   NOT NULL,
    object_type   VARCHAR(16)   NOT NULL,
    object_id     UUID,
    object_name   VARCHAR(128)  NOT NULL DEFAULT '',
    status        VARCHAR(16)   NOT NULL,
    progress      DOUBLE PRECISION NOT NULL DEFAULT 0,
    cancellable   BOOLEAN       NOT NULL DEFAULT FALSE,
    error_code    VARCHAR(64),
    error_message VARCHAR(2000),
    result        VARCHAR(8000),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE,
    finished_at   TIMESTAMP WITH TIME ZONE,
    version       BIGINT        NOT NULL DEFAULT 0
);

CREATE INDEX task_created_idx ON task (created_at);
CREATE INDEX task_object_idx ON task (object_id);
