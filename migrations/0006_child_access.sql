-- Restricted records and break-glass access (rules in src/core/children/access.ts).

-- A restricted child (e.g. a staff member's relative): only the named users see the record;
-- everyone else is told it exists but not what it holds.
CREATE TABLE ks_restricted_child (
  person_id      text PRIMARY KEY REFERENCES ssd_person (pers_person_id) ON DELETE CASCADE,
  reason         text NOT NULL,
  restricted_by  bigint NOT NULL REFERENCES ks_user (user_id),
  restricted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE ks_restricted_child_user (
  person_id  text NOT NULL REFERENCES ks_restricted_child (person_id) ON DELETE CASCADE,
  user_id    bigint NOT NULL REFERENCES ks_user (user_id) ON DELETE CASCADE,
  PRIMARY KEY (person_id, user_id)
);

-- Time-limited access to a child outside the user's scope, given with a reason and reviewed.
CREATE TABLE ks_break_glass (
  break_glass_id  bigserial PRIMARY KEY,
  user_id         bigint NOT NULL REFERENCES ks_user (user_id),
  person_id       text NOT NULL REFERENCES ssd_person (pers_person_id) ON DELETE CASCADE,
  reason          text NOT NULL CHECK (length(reason) >= 10),
  granted_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  reviewed_by     bigint REFERENCES ks_user (user_id),
  reviewed_at     timestamptz,
  review_outcome  text CHECK (review_outcome IN ('appropriate', 'inappropriate')),
  review_note     text
);
CREATE INDEX ks_break_glass_user_person ON ks_break_glass (user_id, person_id, expires_at);

-- Alerts shown to a user on their home page (break-glass use by their team, for IG officers).
CREATE TABLE ks_notification (
  notification_id  bigserial PRIMARY KEY,
  user_id          bigint NOT NULL REFERENCES ks_user (user_id) ON DELETE CASCADE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  message          text NOT NULL,
  link             text,
  read_at          timestamptz
);
CREATE INDEX ks_notification_user ON ks_notification (user_id, read_at);
