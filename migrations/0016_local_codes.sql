-- The council's local codes (issue 12): values of SSD fields marked *Local* that figures depend on,
-- mapped to Keystone's meaning. Applied when figures are computed (the view ks_allocation and the
-- joins in src/core/allocations.ts), so a changed mapping needs no re-import; the table bumps the data
-- version, so the background figures are computed again. Values are compared by key: lower case,
-- without spaces, underscores, hyphens or full stops (`Allocated Case Worker` = `ALLOCATED_CASE_WORKER`).
CREATE FUNCTION ks_code_key(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(translate(value, E' _-.\t\r\n', '')) $$;

CREATE TABLE ks_local_code (
  field       text NOT NULL,  -- worker_role, team, worker_change_reason, placement_type, legal_status
  code_key    text NOT NULL,  -- ks_code_key(local_value)
  local_value text NOT NULL,  -- as the council's system writes it (shown on the page and in the CSV)
  meaning     text NOT NULL,  -- Keystone's meaning (worker_role: case_holding | other; team: a team ID; the others: the SSD/DfE code)
  PRIMARY KEY (field, code_key)
);

-- Every saved mapping, whole, with who saved it and why (the audit trail records the change too).
CREATE TABLE ks_local_code_version (
  version     serial PRIMARY KEY,
  saved_at    timestamptz NOT NULL DEFAULT now(),
  user_id     integer,
  username    text,
  source      text NOT NULL,  -- shipped | page | csv
  codes       jsonb NOT NULL  -- [{field, local_value, meaning}]
);

INSERT INTO ks_local_code (field, code_key, local_value, meaning)
SELECT field, ks_code_key(local_value), local_value, meaning FROM (VALUES
  ('worker_role', 'Allocated Case Worker', 'case_holding'),  -- also ALLOCATED_CASE_WORKER, ALLOCATED CASE WORKER (same key)
  ('worker_role', 'CW', 'case_holding'),
  ('worker_role', 'Allocated Social Worker', 'case_holding'),
  ('worker_role', 'Allocated Worker', 'case_holding'),
  ('worker_role', 'Case Holder', 'case_holding'),
  ('worker_role', 'Team Manager', 'other'),
  ('worker_role', 'TM', 'other'),
  ('worker_role', 'Independent Reviewing Officer', 'other'),
  ('worker_role', 'IRO', 'other'),
  ('worker_role', 'Personal Adviser', 'other'),
  ('worker_role', 'Supervising Social Worker', 'other'),
  ('worker_change_reason', 'MANAGE', 'MANAGE'),
  ('worker_change_reason', 'Management decision', 'MANAGE'),
  ('worker_change_reason', 'FCONTA', 'FCONTA'),
  ('worker_change_reason', 'Family or child request', 'FCONTA'),
  ('worker_change_reason', 'LEFTRL', 'LEFTRL'),
  ('worker_change_reason', 'Worker left role', 'LEFTRL'),
  ('worker_change_reason', 'ORGRST', 'ORGRST'),
  ('worker_change_reason', 'Organisational restructure', 'ORGRST'),
  ('worker_change_reason', 'TSPROC', 'TSPROC'),
  ('worker_change_reason', 'Transfer between teams', 'TSPROC'),
  ('worker_change_reason', 'ABSENC', 'ABSENC'),
  ('worker_change_reason', 'Worker absence', 'ABSENC'),
  ('worker_change_reason', 'CHCHAN', 'CHCHAN'),
  ('worker_change_reason', 'Change in child circumstances', 'CHCHAN'),
  ('worker_change_reason', 'PCCHAN', 'PCCHAN'),
  ('worker_change_reason', 'Change of placement', 'PCCHAN'),
  ('worker_change_reason', 'SWDIED', 'SWDIED'),
  ('worker_change_reason', 'OTHERS', 'OTHERS'),
  ('worker_change_reason', 'Other', 'OTHERS')
) AS shipped(field, local_value, meaning);

INSERT INTO ks_local_code_version (source, codes)
SELECT 'shipped', coalesce(jsonb_agg(jsonb_build_object('field', field, 'local_value', local_value, 'meaning', meaning) ORDER BY field, code_key), '[]')
FROM ks_local_code;

CREATE TRIGGER ks_local_code_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ks_local_code
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();

-- Case-holding allocations: the involvements whose worker role the mapping calls case-holding, with the
-- team and change reason mapped (unmapped: as recorded). src/core/allocations.ts is the one place that
-- reads it; the column names are the SSD's.
CREATE VIEW ks_allocation AS
SELECT i.invo_involvements_id, i.invo_professional_id, i.invo_professional_role_id,
       coalesce(t.meaning, i.invo_professional_team) AS invo_professional_team,
       i.invo_involvement_start_date, i.invo_involvement_end_date,
       coalesce(r.meaning, i.invo_worker_change_reason) AS invo_worker_change_reason,
       i.invo_person_id, i.invo_referral_id
FROM ssd_involvements i
JOIN ks_local_code c ON c.field = 'worker_role' AND c.meaning = 'case_holding' AND c.code_key = ks_code_key(i.invo_professional_role_id)
LEFT JOIN ks_local_code t ON t.field = 'team' AND t.code_key = ks_code_key(i.invo_professional_team)
LEFT JOIN ks_local_code r ON r.field = 'worker_change_reason' AND r.code_key = ks_code_key(i.invo_worker_change_reason);
