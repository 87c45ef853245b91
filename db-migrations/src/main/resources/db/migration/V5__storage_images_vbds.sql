-- xensv schema, version 5: storage repositories, disk images and VBDs (a VM's disks).
-- One history for H2 (MODE=PostgreSQL) and PostgreSQL: portable SQL only.
--
-- A storage repository (SR) is a directory of image files on this machine: LOCAL to one host (the
-- host's own directory; a migration copies the VM's images to the destination's local SR) or SHARED
-- by the pool (every host reaches the same directory; a migration copies nothing).

CREATE TABLE storage_repository (
    id          UUID          PRIMARY KEY,
    pool_id     UUID          NOT NULL REFERENCES pool (id),
    -- set for a LOCAL repository only: the host whose directory it is
    host_id     UUID          REFERENCES host (id) ON DELETE CASCADE,
    name        VARCHAR(64)   NOT NULL UNIQUE,
    description VARCHAR(255)  NOT NULL DEFAULT '',
    kind        VARCHAR(8)    NOT NULL,
    path        VARCHAR(1024) NOT NULL UNIQUE,
    -- an upper bound on the images' total virtual size, below the file system's; null = the file system's
    quota_mib   BIGINT,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT storage_repository_kind_chk CHECK (kind IN ('LOCAL', 'SHARED')),
    CONSTRAINT storage_repository_host_chk CHECK ((kind = 'LOCAL') = (host_id IS NOT NULL))
);

CREATE TABLE image (
    id          UUID          PRIMARY KEY,
    sr_id       UUID          NOT NULL REFERENCES storage_repository (id),
    name        VARCHAR(64)   NOT NULL,
    description VARCHAR(255)  NOT NULL DEFAULT '',
    -- RAW (a disk, read-write) or ISO (read-only, attachable as a CD); qcow2 is converted to RAW on import
    format      VARCHAR(8)    NOT NULL,
    -- the virtual size the guest sees, a whole number of MiB for RAW, the file's size for ISO
    size_bytes  BIGINT        NOT NULL,
    -- the image file's name inside the repository's directory
    file_name   VARCHAR(128)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT image_format_chk CHECK (format IN ('RAW', 'ISO')),
    CONSTRAINT image_name_in_sr_uq UNIQUE (sr_id, name)
);

CREATE INDEX image_sr_idx ON image (sr_id);

CREATE TABLE vbd (
    id                  UUID        PRIMARY KEY,
    vm_id               UUID        NOT NULL REFERENCES vm (id) ON DELETE CASCADE,
    image_id            UUID        NOT NULL REFERENCES image (id),
    device              VARCHAR(8)  NOT NULL,
    read_only           BOOLEAN     NOT NULL,
    bootable            BOOLEAN     NOT NULL DEFAULT FALSE,
    cdrom               BOOLEAN     NOT NULL DEFAULT FALSE,
    -- 0 = unlimited
    iops_limit          BIGINT      NOT NULL DEFAULT 0,
    mbps_limit          BIGINT      NOT NULL DEFAULT 0,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT vbd_device_in_vm_uq UNIQUE (vm_id, device)
);

CREATE INDEX vbd_image_idx ON vbd (image_id);
