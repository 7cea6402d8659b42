-- Security hardening (issue 13).

-- The audit trail's events are numbered along the chain: the checkpoint kept outside the database
-- records the head's position, so removed events are counted. Events hashed before this are NULL.
ALTER TABLE ks_audit_event ADD COLUMN position bigint;
