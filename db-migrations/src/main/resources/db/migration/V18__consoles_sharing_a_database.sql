-- xensv schema, version 18: several consoles on one database (docs/operations.md, "Two consoles on one PostgreSQL").
-- A task records the console that runs it: a console that starts fails only its own earlier tasks and
-- those of consoles that are gone, never a task another live console is running. An embedded host
-- lives inside one console's process: the row records that console, and no other console connects
-- to it. NULL: written before V18 (one console then), taken by the first console that serves the host.
-- H2 in PostgreSQL mode and PostgreSQL 15 alike.

ALTER TABLE task ADD COLUMN console_id VARCHAR(64);
CREATE INDEX task_status_console ON task (status, console_id);

ALTER TABLE host ADD COLUMN console_id VARCHAR(64);

-- Cancelling a task that another console runs: the request is written on the row, and the console
-- running the task reads it within a second (a console alone keeps the request in memory, as before).
ALTER TABLE task ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
