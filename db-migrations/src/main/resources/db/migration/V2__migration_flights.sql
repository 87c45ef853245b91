-- xensv schema, version 2: the flight reports of finished migrations, so they outlive a restart.
-- One history for H2 (MODE=PostgreSQL) and PostgreSQL: portable SQL only.
--
-- A flight is kept in memory while it runs and written here once it has finished (completed,
-- failed or cancelled). The toolstack keeps the last 20 per VM; a VM's flights go with the VM.

CREATE TABLE migration_flight (
    task_id          UUID         PRIMARY KEY REFERENCES task (id) ON DELETE CASCADE,
    vm_id            UUID         NOT NULL REFERENCES vm (id) ON DELETE CASCADE,
    -- names as they were when the VM moved
    vm_name          VARCHAR(64)  NOT NULL,
    source_host      VARCHAR(64)  NOT NULL,
    destination_host VARCHAR(64)  NOT NULL,
    -- how the VM actually moved (PRE_COPY, AUTO_CONVERGE, POST_COPY, STOP_AND_COPY); null if it did not
    mode             VARCHAR(16),
    -- the flight's last phase: COMPLETED, FAILED or CANCELLED
    outcome          VARCHAR(16)  NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the flight report as JSON, as the task's result has it: prediction, rounds, report or error
    report           VARCHAR      NOT NULL,
    -- the progress samples behind the flight charts, as a JSON array
    samples          VARCHAR      NOT NULL
);

CREATE INDEX migration_flight_vm_idx ON migration_flight (vm_id, finished_at);

-- A task's result holds a flight report (one entry per round) or an evacuation's rows (one per VM);
-- 8000 characters cut those of a 30-round flight or a host of some 50 VMs.
ALTER TABLE task ALTER COLUMN result SET DATA TYPE VARCHAR(100000);
