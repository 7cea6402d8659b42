-- The audit trail: who saw or changed what, when, from where. Append-only: no role can update,
-- delete or truncate it (triggers refuse), and each row carries a SHA-256 chained over the
-- previous row's hash, so an edit made by going around the triggers is detected (src/core/audit).
CREATE TABLE ks_audit_event (
  event_id     bigserial PRIMARY KEY,
  occurred_at  timestamptz NOT NULL,
  user_id      bigint,
  username     text,
  action       text NOT NULL,
  subject_type text,
  subject_id   text,
  -- Children whose records the event showed or changed (a list shows many): "who has seen this child".
  child_ids    text[] NOT NULL DEFAULT '{}',
  details      jsonb NOT NULL DEFAULT '{}',
  ip           text,
  request_id   text,
  prev_hash    text NOT NULL,
  hash         text NOT NULL UNIQUE
);
CREATE INDEX ks_audit_event_user ON ks_audit_event (user_id, occurred_at);
CREATE INDEX ks_audit_event_children ON ks_audit_event USING gin (child_ids);
CREATE INDEX ks_audit_event_action ON ks_audit_event (action, occurred_at);

CREATE FUNCTION ks_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The audit trail is append-only: % is not allowed on ks_audit_event', TG_OP;
END;
$$;
CREATE TRIGGER ks_audit_event_no_update BEFORE UPDATE OR DELETE ON ks_audit_event
  FOR EACH ROW EXECUTE FUNCTION ks_audit_refuse_change();
CREATE TRIGGER ks_audit_event_no_truncate BEFORE TRUNCATE ON ks_audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION ks_audit_refuse_change();
