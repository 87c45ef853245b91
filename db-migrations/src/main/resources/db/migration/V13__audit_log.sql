-- xensv schema, version 13: the audit log, and who started each task.
-- (V11 and V12 are the security branch's.) H2 in PostgreSQL mode and PostgreSQL 15 alike.

CREATE TABLE audit_log (
    id             UUID PRIMARY KEY,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    actor          VARCHAR(200) NOT NULL,
    address        VARCHAR(100),
    operation      VARCHAR(100) NOT NULL,
    object_type    VARCHAR(40),
    object_id      UUID,
    object_name    VARCHAR(300),
    parameters     VARCHAR(4000),
    outcome        VARCHAR(16) NOT NULL,
    error_code     VARCHAR(64),
    error_message  VARCHAR(2000),
    CONSTRAINT audit_log_outcome_check CHECK (outcome IN ('SUCCESS', 'ACCEPTED', 'FAILURE', 'REFUSED'))
);

CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor);
CREATE INDEX audit_log_object_idx ON audit_log (object_id);
CREATE INDEX audit_log_operation_idx ON audit_log (operation);

-- the actor that submitted the task ("system" for work nobody asked for); null for tasks older than V13
ALTER TABLE task ADD COLUMN started_by VARCHAR(200);
