-- Sign-in security: lockout after repeated failures, TOTP second factor, single sign-on (OIDC).
ALTER TABLE ks_user
  ADD COLUMN failed_attempts   integer NOT NULL DEFAULT 0,
  ADD COLUMN locked_until      timestamptz,
  ADD COLUMN totp_secret       text,
  ADD COLUMN totp_enabled_at   timestamptz,
  -- The last 30-second TOTP step accepted: a code is never accepted twice.
  ADD COLUMN totp_last_step    bigint,
  ADD COLUMN oidc_subject      text UNIQUE,
  ADD COLUMN last_sign_in_at   timestamptz;

-- A session that has passed the password but not yet the second factor authorises nothing else.
ALTER TABLE ks_session ADD COLUMN second_factor_pending boolean NOT NULL DEFAULT false;

-- Single sign-on flows in progress: state, nonce and PKCE verifier, kept ten minutes.
CREATE TABLE ks_oidc_flow (
  state          text PRIMARY KEY,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  next_path      text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
