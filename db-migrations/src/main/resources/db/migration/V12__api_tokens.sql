-- API tokens: a user's bearer credentials for scripts. Only the SHA-256 of the token is kept (the token
-- itself is shown once, at creation). A token's role is at most its owner's; expiry and revocation optional.
CREATE TABLE api_token (
    id           UUID         PRIMARY KEY,
    user_id      UUID         NOT NULL REFERENCES users (id),
    name         VARCHAR(64)  NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    role         VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    version      BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX api_token_user ON api_token (user_id);
