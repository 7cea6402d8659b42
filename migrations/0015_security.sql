-- Security hardening (issue 13).

-- The audit trail's events are numbered along the chain: the checkpoint kept outside the database
-- records the head's position, so removed events are counted. Events hashed before this are NULL.
ALTER TABLE ks_audit_event ADD COLUMN position bigint;

-- Failed sign-ins, by username and client address, kept a day: the progressive waits and the
-- per-address limit count failures only (src/core/auth/throttle.ts).
CREATE TABLE ks_sign_in_failure (
  failure_id  bigserial PRIMARY KEY,
  username    text NOT NULL,
  address     text NOT NULL,
  failed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ks_sign_in_failure_username ON ks_sign_in_failure (username, failed_at);
CREATE INDEX ks_sign_in_failure_address ON ks_sign_in_failure (address, failed_at);

-- A single sign-on flow belongs to the browser that began it: the hash of a random value kept in
-- that browser's cookie. Flows without one (begun before this) never finish.
ALTER TABLE ks_oidc_flow ADD COLUMN browser_hash text;

-- Changes of access that would let an account see children, waiting for a second administrator or
-- the information governance officer to approve them (src/admin/approvals.ts).
CREATE TABLE ks_access_request (
  request_id    bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES ks_user (user_id),
  proposed      jsonb NOT NULL,
  requested_by  bigint NOT NULL REFERENCES ks_user (user_id),
  requested_at  timestamptz NOT NULL DEFAULT now(),
  decided_by    bigint REFERENCES ks_user (user_id),
  decided_at    timestamptz,
  outcome       text CHECK (outcome IN ('approved', 'refused', 'withdrawn'))
);
CREATE INDEX ks_access_request_pending ON ks_access_request (user_id) WHERE decided_at IS NULL;
