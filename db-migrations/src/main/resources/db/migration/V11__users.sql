-- Console users: one role each, passwords hashed by Spring Security's DelegatingPasswordEncoder
-- ({bcrypt}...). username_key is the lower-cased name, so "Alice" and "alice" cannot both exist.
-- Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL 15; "users" is not reserved in either.
CREATE TABLE users (
    id                  UUID         PRIMARY KEY,
    username            VARCHAR(64)  NOT NULL,
    username_key        VARCHAR(64)  NOT NULL UNIQUE,
    password_hash       VARCHAR(255) NOT NULL,
    role                VARCHAR(16)  NOT NULL,
    enabled             BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT       NOT NULL DEFAULT 0
);
