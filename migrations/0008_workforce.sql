-- Workforce establishment: the funded posts of each team over time (half-open funding periods).
-- A post is funded on day d when post_funded_from <= d and (post_funded_to is null or post_funded_to > d).
-- Who is in post comes from ks_team_membership (and ssd_professionals for FTE and the agency flag);
-- vacancies are funded FTE minus employed FTE in post (DfE workforce census), see src/workforce/measures.ts.
CREATE TABLE ks_post (
  post_id              text PRIMARY KEY,
  post_team_id         text NOT NULL REFERENCES ssd_department (dept_team_id),
  post_role            text NOT NULL CHECK (post_role IN ('social_worker', 'senior_social_worker', 'asye_social_worker', 'team_manager', 'service_manager', 'personal_adviser')),
  post_fte             numeric(4, 2) NOT NULL CHECK (post_fte > 0 AND post_fte <= 1.5),
  post_funded_from     date NOT NULL,
  post_funded_to       date,
  -- e.g. 'Base budget', 'Social Work Academy', 'Investment'.
  post_funding_source  text NOT NULL,
  -- The investment or decision that funded the post, e.g. 'Cabinet 2024-03: family safeguarding'.
  post_investment      text,
  post_notes           text,
  post_updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (post_funded_to IS NULL OR post_funded_to > post_funded_from)
);
CREATE INDEX ks_post_team ON ks_post (post_team_id);
CREATE TRIGGER ks_post_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ks_post
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();
