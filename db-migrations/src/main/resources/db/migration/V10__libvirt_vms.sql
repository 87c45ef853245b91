-- The workload fields belong to the embedded runtime's guests: a VM on a libvirt host has none.
-- ALTER COLUMN ... DROP NOT NULL is PostgreSQL's syntax, and H2's (which accepts it in every mode).
ALTER TABLE vm ALTER COLUMN workload DROP NOT NULL;
ALTER TABLE vm ALTER COLUMN workload_fill_mib DROP NOT NULL;
ALTER TABLE vm ALTER COLUMN workload_set_mib DROP NOT NULL;
ALTER TABLE vm ALTER COLUMN workload_rate DROP NOT NULL;
ALTER TABLE vm ALTER COLUMN workload_seed DROP NOT NULL;
