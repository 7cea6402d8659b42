-- Inspections register, improvement plan (RAG with history) and casework audits with moderation.
-- Rules: src/inspections/register.ts, src/improvement/rag.ts, src/audits/rules.ts.

-- The council's inspections and visits. framework: pre_sif (before Nov 2013), sif (2013–2018),
-- ilacs (2018–2022), ilacs_2023 (Jan 2023–Mar 2026: care leavers judged separately),
-- ilacs_2026 (from Apr 2026: no overall effectiveness grade), other (JTAI and anything else).
CREATE TABLE ks_inspection (
  inspection_id    bigserial PRIMARY KEY,
  framework        text NOT NULL CHECK (framework IN ('pre_sif', 'sif', 'ilacs', 'ilacs_2023', 'ilacs_2026', 'other')),
  inspection_type  text NOT NULL CHECK (inspection_type IN ('standard', 'short', 'focused_visit', 'monitoring_visit', 'jtai', 're_inspection', 'other')),
  start_date       date NOT NULL,
  end_date         date NOT NULL CHECK (end_date >= start_date),
  published_date   date CHECK (published_date IS NULL OR published_date >= end_date),
  report_url       text,
  summary          text,
  created_by       bigint REFERENCES ks_user (user_id),
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- One judgement per area, on Ofsted's four-point scale.
CREATE TABLE ks_inspection_judgement (
  inspection_id  bigint NOT NULL REFERENCES ks_inspection (inspection_id) ON DELETE CASCADE,
  judgement      text NOT NULL,
  grade          text NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
  PRIMARY KEY (inspection_id, judgement)
);

-- What the report says must improve, in the report's order.
CREATE TABLE ks_inspection_finding (
  finding_id     bigserial PRIMARY KEY,
  inspection_id  bigint NOT NULL REFERENCES ks_inspection (inspection_id) ON DELETE CASCADE,
  position       integer NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('recommendation', 'improvement_point', 'area_for_improvement', 'priority_action')),
  finding_text   text NOT NULL,
  UNIQUE (inspection_id, position)
);

-- The council's own RAG definitions (defaults from common practice; the council may reword them).
CREATE TABLE ks_rag_definition (
  rag      text PRIMARY KEY CHECK (rag IN ('red', 'amber', 'green', 'blue')),
  label    text NOT NULL,
  meaning  text NOT NULL
);
INSERT INTO ks_rag_definition (rag, label, meaning) VALUES
  ('red', 'Red', 'Off track: the action is late or the evidence shows no improvement.'),
  ('amber', 'Amber', 'In progress or slipping: work is under way but not yet showing the intended result.'),
  ('green', 'Green', 'On track or achieved: the action is on time and its measures meet their targets.'),
  ('blue', 'Blue', 'Complete and embedded: achieved and sustained in everyday practice.');

-- An improvement plan, usually the response to one inspection.
CREATE TABLE ks_plan (
  plan_id         bigserial PRIMARY KEY,
  inspection_id   bigint REFERENCES ks_inspection (inspection_id) ON DELETE SET NULL,
  title           text NOT NULL,
  published_date  date,
  created_by      bigint REFERENCES ks_user (user_id),
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- One line per finding (recommendation / improvement point), with its current RAG rating.
CREATE TABLE ks_plan_line (
  line_id     bigserial PRIMARY KEY,
  plan_id     bigint NOT NULL REFERENCES ks_plan (plan_id) ON DELETE CASCADE,
  finding_id  bigint REFERENCES ks_inspection_finding (finding_id) ON DELETE SET NULL,
  position    integer NOT NULL,
  line_text   text NOT NULL,
  lead        text,
  rag         text CHECK (rag IN ('red', 'amber', 'green', 'blue'))
);
CREATE INDEX ks_plan_line_plan ON ks_plan_line (plan_id, position);

-- What will be done: owner, due date (current; every change kept below), rating, completion.
CREATE TABLE ks_plan_action (
  action_id        bigserial PRIMARY KEY,
  line_id          bigint NOT NULL REFERENCES ks_plan_line (line_id) ON DELETE CASCADE,
  action_text      text NOT NULL,
  owner            text NOT NULL,
  due_date         date NOT NULL,
  original_due     date NOT NULL,
  completed_on     date,
  rag              text CHECK (rag IN ('red', 'amber', 'green', 'blue')),
  source_audit_id  bigint,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ks_plan_action_line ON ks_plan_action (line_id);

-- Every rating change and every due-date change: who, when, why. Never updated.
CREATE TABLE ks_plan_change (
  change_id   bigserial PRIMARY KEY,
  line_id     bigint NOT NULL REFERENCES ks_plan_line (line_id) ON DELETE CASCADE,
  action_id   bigint REFERENCES ks_plan_action (action_id) ON DELETE CASCADE,
  field       text NOT NULL CHECK (field IN ('rag', 'due_date', 'completed_on')),
  old_value   text,
  new_value   text,
  reason      text NOT NULL,
  changed_by  bigint REFERENCES ks_user (user_id),
  changed_by_name text NOT NULL,
  changed_on  date NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ks_plan_change_line ON ks_plan_change (line_id, changed_at);

-- Success measures: an indicator (src/indicators/catalogue id, or 'audits.good_or_better') with a
-- target, optionally a dated trajectory [{ "date": "YYYY-MM-DD", "value": n }, …].
CREATE TABLE ks_plan_measure (
  measure_id    bigserial PRIMARY KEY,
  action_id     bigint NOT NULL REFERENCES ks_plan_action (action_id) ON DELETE CASCADE,
  indicator_id  text NOT NULL,
  description   text NOT NULL,
  target        numeric NOT NULL,
  trajectory    jsonb NOT NULL DEFAULT '[]'
);

-- Evidence for an action: a note and optionally a link.
CREATE TABLE ks_plan_evidence (
  evidence_id  bigserial PRIMARY KEY,
  action_id    bigint NOT NULL REFERENCES ks_plan_action (action_id) ON DELETE CASCADE,
  note         text NOT NULL,
  link         text,
  added_by     text NOT NULL,
  added_on     date NOT NULL,
  added_at     timestamptz NOT NULL DEFAULT now()
);

-- Casework audit templates: domains, scale (ofsted: 4 outstanding, 3 good, 2 requires improvement,
-- 1 inadequate; score: 0–10), the lowest grade that counts as good, and the trajectory of the share
-- of audits graded good or better.
CREATE TABLE ks_audit_template (
  template_id     bigserial PRIMARY KEY,
  name            text NOT NULL,
  scale           text NOT NULL CHECK (scale IN ('ofsted', 'score')),
  good_threshold  integer NOT NULL,
  domains         jsonb NOT NULL,
  trajectory      jsonb NOT NULL DEFAULT '[]',
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- One audit: one child's case as at audit_date, by an auditor, optionally moderated by a second
-- person. Open (giving the auditor access to the child) from audit_date until completed_on;
-- open to the moderator until moderated_on.
CREATE TABLE ks_casework_audit (
  audit_id          bigserial PRIMARY KEY,
  template_id       bigint NOT NULL REFERENCES ks_audit_template (template_id),
  person_id         text NOT NULL REFERENCES ssd_person (pers_person_id) ON DELETE CASCADE,
  audit_date        date NOT NULL,
  team_id           text,
  auditor_id        bigint NOT NULL REFERENCES ks_user (user_id),
  assigned_by       bigint REFERENCES ks_user (user_id),
  completed_on      date CHECK (completed_on IS NULL OR completed_on >= audit_date),
  overall_grade     integer,
  findings          text,
  moderator_id      bigint REFERENCES ks_user (user_id),
  moderated_on      date CHECK (moderated_on IS NULL OR (completed_on IS NOT NULL AND moderated_on >= completed_on)),
  moderated_grade   integer,
  moderation_note   text,
  CHECK (moderator_id IS NULL OR moderator_id <> auditor_id)
);
CREATE INDEX ks_casework_audit_auditor ON ks_casework_audit (auditor_id, audit_date);
CREATE INDEX ks_casework_audit_moderator ON ks_casework_audit (moderator_id);
CREATE INDEX ks_casework_audit_date ON ks_casework_audit (audit_date);

-- The grade for each domain, by the auditor and (when moderated) by the moderator.
CREATE TABLE ks_casework_audit_grade (
  audit_id         bigint NOT NULL REFERENCES ks_casework_audit (audit_id) ON DELETE CASCADE,
  domain           text NOT NULL,
  grade            integer NOT NULL,
  moderated_grade  integer,
  PRIMARY KEY (audit_id, domain)
);
