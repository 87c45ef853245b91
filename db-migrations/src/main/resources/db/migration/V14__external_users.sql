-- xensv schema, version 14: users who sign in through single sign-on (OpenID Connect).
-- Such a row is created or updated at each sign-in, its role taken from the provider's claim; it has no
-- password here (password_hash holds a marker that no password matches, and password sign-in refuses it).
-- H2 in PostgreSQL mode and PostgreSQL 15 alike.
ALTER TABLE users ADD COLUMN external BOOLEAN NOT NULL DEFAULT FALSE;
