-- xensv schema, version 3: VMs that outlive a restart of the console.
-- One history for H2 (MODE=PostgreSQL) and PostgreSQL: portable SQL only.
--
-- On a clean stop the console suspends every running or paused VM of the hosts that stop with it
-- (the embedded runtime) and records here the state to bring it back to on the next start
-- (RUNNING or PAUSED); the start resumes it and clears the column. Null for every other VM.
ALTER TABLE vm ADD COLUMN restore_state VARCHAR(16);

-- What last happened to the VM that the admin should know of and did not ask for (suspended by the
-- console's stop, resumed at its start, found halted after an unclean stop), and when.
ALTER TABLE vm ADD COLUMN last_event VARCHAR(1000);
ALTER TABLE vm ADD COLUMN last_event_at TIMESTAMP WITH TIME ZONE;
