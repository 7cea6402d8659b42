-- Indicators (src/indicators): the working-day calendar and the events shown on charts.

-- One row per calendar day. working_day_number counts the working days (Monday to Friday, not an
-- English bank holiday) from the start of the calendar up to and including the day, so the working
-- days after day A up to and including day B (the DfE convention) are
--   number(B) - number(A).
-- Filled by src/indicators/calendar.ts from src/core/dates.ts (the one list of bank holidays).
CREATE TABLE ks_calendar (
  day                 date PRIMARY KEY,
  is_working_day      boolean NOT NULL,
  working_day_number  integer NOT NULL
);
CREATE INDEX ks_calendar_working_day_number ON ks_calendar (working_day_number) WHERE is_working_day;

-- For analysts' own queries. The indicator catalogue joins ks_calendar directly (faster on many rows).
-- Working days after from_day up to and including to_day; null outside the calendar.
CREATE FUNCTION ks_working_days(from_day date, to_day date) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT (SELECT working_day_number FROM ks_calendar WHERE day = to_day)
       - (SELECT working_day_number FROM ks_calendar WHERE day = from_day)
$$;
-- The date n working days after from_day (n >= 0; with n = 0, from_day itself).
CREATE FUNCTION ks_add_working_days(from_day date, n integer) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN n = 0 THEN from_day ELSE (
    SELECT c.day FROM ks_calendar c
    WHERE c.is_working_day
      AND c.working_day_number = (SELECT working_day_number FROM ks_calendar WHERE day = from_day) + n) END
$$;

-- Events that explain a series: "MASH opened", "reorganisation". A process change starts a new
-- period for statistical process control: limits are recalculated from that month.
-- indicator_id null: the event concerns every indicator.
CREATE TABLE ks_indicator_event (
  event_id        bigserial PRIMARY KEY,
  event_date      date NOT NULL,
  title           text NOT NULL,
  description     text,
  indicator_id    text,
  process_change  boolean NOT NULL DEFAULT false
);
CREATE INDEX ks_indicator_event_date ON ks_indicator_event (event_date);

-- Indexes the indicator SQL reads by date.
CREATE INDEX ssd_cin_episodes_referral_date ON ssd_cin_episodes (cine_referral_date);
CREATE INDEX ssd_cla_episodes_start ON ssd_cla_episodes (clae_cla_episode_start_date);
CREATE INDEX ssd_cla_placement_start ON ssd_cla_placement (clap_cla_placement_start_date);
CREATE INDEX ssd_cp_plans_start ON ssd_cp_plans (cppl_cp_plan_start_date);
CREATE INDEX ssd_contacts_date ON ssd_contacts (cont_contact_date);
CREATE INDEX ssd_missing_start ON ssd_missing (miss_missing_episode_start_date);
CREATE INDEX ssd_involvements_person_start ON ssd_involvements (invo_person_id, invo_involvement_start_date);
CREATE INDEX ssd_cla_reviews_person ON ssd_cla_reviews (clar_person_id);
CREATE INDEX ssd_cla_health_person ON ssd_cla_health (clah_person_id);
CREATE INDEX ssd_legal_status_person ON ssd_legal_status (lega_person_id);
CREATE INDEX ssd_care_leavers_person ON ssd_care_leavers (clea_person_id);
CREATE INDEX ssd_cin_assessments_auth_date ON ssd_cin_assessments (cina_assessment_auth_date);
CREATE INDEX ssd_s47_enquiry_start ON ssd_s47_enquiry (s47e_s47_start_date);
CREATE INDEX ssd_initial_cp_conference_date ON ssd_initial_cp_conference (icpc_icpc_date);
CREATE INDEX ssd_cp_plans_end ON ssd_cp_plans (cppl_cp_plan_end_date);
CREATE INDEX ssd_missing_end ON ssd_missing (miss_missing_episode_end_date);
CREATE INDEX ssd_cla_visits_person_date ON ssd_cla_visits (clav_person_id, clav_cla_visit_date);
CREATE INDEX ssd_cp_visits_person_date ON ssd_cp_visits (cppv_person_id, cppv_cp_visit_date);
CREATE INDEX ssd_cin_visits_person_date ON ssd_cin_visits (cinv_person_id, cinv_cin_visit_date);
CREATE INDEX ssd_cla_health_person_date ON ssd_cla_health (clah_person_id, clah_health_check_date);

-- Data version: every statement that changes case data, settings, the calendar or events adds one,
-- inside the writer's own transaction, so the new number becomes visible exactly when the data do
-- and a cached figure is never kept past a committed change (src/core/cache.ts). A one-row table,
-- not a sequence, for that reason: writers of case data queue on it, which imports do anyway.
CREATE TABLE ks_data_version (version bigint NOT NULL);
INSERT INTO ks_data_version (version) VALUES (0);
CREATE FUNCTION ks_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ks_data_version SET version = version + 1;
  RETURN NULL;
END;
$$;
DO $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY[
    'ssd_department', 'ssd_professionals', 'ks_team_membership', 'ks_team_closure', 'ssd_person', 'ssd_contacts',
    'ssd_cin_episodes', 'ssd_cin_assessments', 'ssd_assessment_factors', 'ssd_s47_enquiry', 'ssd_initial_cp_conference',
    'ssd_cp_plans', 'ssd_cp_visits', 'ssd_cp_reviews', 'ssd_cin_plans', 'ssd_cin_visits', 'ssd_cla_episodes',
    'ssd_cla_placement', 'ssd_cla_reviews', 'ssd_cla_visits', 'ssd_cla_health', 'ssd_legal_status', 'ssd_missing',
    'ssd_care_leavers', 'ssd_involvements', 'ks_setting', 'ks_calendar', 'ks_indicator_event']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version()',
                   name || '_data_version', name);
  END LOOP;
END;
$$;
