-- The VM list sorts by name in any case (lower(name)), and a page of ten thousand VMs sorted so
-- should read one page from an index, not sort them all. H2 cannot index an expression, so the name
-- in lower case is kept in a column of its own (the application writes it with the name: names are
-- ASCII letters, digits, '.', '_' and '-', so Java's lower case and SQL's agree), indexed with the id
-- that breaks ties in the same order as the list's ORDER BY.
ALTER TABLE vm ADD COLUMN name_key VARCHAR(64);
UPDATE vm SET name_key = LOWER(name);
ALTER TABLE vm ALTER COLUMN name_key SET NOT NULL;
CREATE INDEX vm_name_key_idx ON vm (name_key, id);

-- The metrics sampler asks every second which VMs run or are paused (a few hundred of thousands),
-- and the list filters by state: both read the VMs of those states from this index.
CREATE INDEX vm_power_state_idx ON vm (power_state);

-- A page of the list reads its VMs' tags by id (object_id IN (...)): without this index the
-- database walks every VM's tag (tens of thousands) and compares each with the page's ids.
CREATE INDEX tag_object_idx ON tag (object_id);
