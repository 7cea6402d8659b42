-- Evidence files on plan actions, edits to recorded inspections with their history, versioned
-- casework audit templates, and the named holder of each funded post.
-- Rules: src/improvement/evidence-files.ts, src/inspections/register.ts, src/audits/store.ts,
-- src/workforce/establishment.ts and src/workforce/measures.ts.

-- A file kept as evidence for an action (PDF, Word, Excel, PNG, JPEG, text or CSV), stored in the
-- database with its SHA-256 so a download can be shown to be the file that was uploaded.
CREATE TABLE ks_plan_evidence_file (
  file_id           bigserial PRIMARY KEY,
  action_id         bigint NOT NULL REFERENCES ks_plan_action (action_id) ON DELETE CASCADE,
  file_name         text NOT NULL,
  media_type        text NOT NULL,
  size_bytes        integer NOT NULL CHECK (size_bytes > 0),
  sha256            text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content           bytea NOT NULL,
  uploaded_by       bigint REFERENCES ks_user (user_id),
  uploaded_by_name  text NOT NULL,
  uploaded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ks_plan_evidence_file_action ON ks_plan_evidence_file (action_id);

-- Every edit of a recorded inspection: who, when, why, and the fields as they were and became
-- (JSON objects holding only the changed fields). Never updated.
CREATE TABLE ks_inspection_change (
  change_id        bigserial PRIMARY KEY,
  inspection_id    bigint NOT NULL REFERENCES ks_inspection (inspection_id) ON DELETE CASCADE,
  before_values    jsonb NOT NULL,
  after_values     jsonb NOT NULL,
  reason           text NOT NULL,
  changed_by       bigint REFERENCES ks_user (user_id),
  changed_by_name  text NOT NULL,
  changed_on       date NOT NULL,
  changed_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ks_inspection_change_inspection ON ks_inspection_change (inspection_id, changed_at);

-- Audit templates are versioned: a template that completed or open audits use is never changed;
-- editing it saves a new version (replaces_id = the version it replaces) and retires the old one
-- (retired_at), which stays readable for its audits and results but is no longer offered.
ALTER TABLE ks_audit_template ADD COLUMN replaces_id bigint REFERENCES ks_audit_template (template_id);
ALTER TABLE ks_audit_template ADD COLUMN retired_at timestamptz;

-- The professional who fills a post (employed or agency, as ssd_professionals says). One post per
-- person: linking a person to a post takes them off any other. ks_post already bumps the data version.
ALTER TABLE ks_post ADD COLUMN post_holder_id text REFERENCES ssd_professionals (prof_professional_id) ON DELETE SET NULL;
CREATE UNIQUE INDEX ks_post_holder ON ks_post (post_holder_id) WHERE post_holder_id IS NOT NULL;
