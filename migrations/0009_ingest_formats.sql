-- Tables the CIN census, SSD and Annex A imports fill that the foundation did not hold yet
-- (SSD names and columns), and Keystone's extensions for CIN census items with no SSD column.

CREATE TABLE ssd_disability (
  disa_table_id         text PRIMARY KEY,
  disa_person_id        text NOT NULL REFERENCES ssd_person (pers_person_id),
  disa_disability_code  text NOT NULL
);
CREATE INDEX ssd_disability_person ON ssd_disability (disa_person_id);

-- Identifiers other than the council's own child ID (UPN, former UPN…).
CREATE TABLE ssd_linked_identifiers (
  link_table_id          text PRIMARY KEY,
  link_person_id         text NOT NULL REFERENCES ssd_person (pers_person_id),
  link_identifier_type   text NOT NULL,
  link_identifier_value  text,
  link_valid_from_date   date,
  link_valid_to_date     date
);
CREATE INDEX ssd_linked_identifiers_person ON ssd_linked_identifiers (link_person_id);

CREATE TABLE ssd_pre_proceedings (
  prep_table_id                          text PRIMARY KEY,
  prep_person_id                         text NOT NULL REFERENCES ssd_person (pers_person_id),
  prep_plo_family_id                     text,
  prep_pre_pro_decision_date             date,
  prep_initial_pre_pro_meeting_date      date,
  prep_pre_pro_outcome                   text,
  prep_agree_stepdown_issue_date         date,
  prep_cp_plans_referral_period          integer,
  prep_legal_gateway_outcome             text,
  prep_prev_pre_proc_child               integer,
  prep_prev_care_proc_child              integer,
  prep_pre_pro_letter_date               date,
  prep_care_pro_letter_date              date,
  prep_pre_pro_meetings_num              integer,
  prep_pre_pro_parents_legal_rep         char(1),
  prep_parents_legal_rep_point_of_issue  char(1),
  prep_court_reference                   text,
  prep_care_proc_court_hearings          integer,
  prep_care_proc_short_notice            char(1),
  prep_proc_short_notice_reason          text,
  prep_la_inital_plan_approved           char(1),
  prep_la_initial_care_plan              text,
  prep_la_final_plan_approved            char(1),
  prep_la_final_care_plan                text,
  -- Keystone: CIN census pre-proceedings items with no SSD column.
  prep_referral_id                       text,
  prep_fgdm_offered                      char(1),
  prep_fgdm_facilitated                  char(1),
  prep_court_application_date            date
);
CREATE INDEX ssd_pre_proceedings_person ON ssd_pre_proceedings (prep_person_id);

-- Keystone: the CIN census's count of earlier child protection plans, as returned.
ALTER TABLE ssd_cp_plans ADD COLUMN cppl_previous_cp_plans integer;

CREATE TRIGGER ssd_disability_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ssd_disability
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();
CREATE TRIGGER ssd_linked_identifiers_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ssd_linked_identifiers
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();
CREATE TRIGGER ssd_pre_proceedings_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ssd_pre_proceedings
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();
