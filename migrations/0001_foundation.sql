-- Keystone data model, aligned to the Standard Safeguarding Dataset (SSD, data-to-insight).
-- Table and column names are the SSD's own, so an SSD extract maps one to one.
-- Keystone's own tables start with ks_.
--
-- Dates: SSD "datetime" fields that only ever carry a day are `date`; fields where the hour matters
-- (contact, missing episodes) are `timestamp`.
-- Periods (start_date, end_date) are half-open everywhere: a thing is in effect on day d when
-- start_date <= d and (end_date is null or end_date > d). So an allocation ended on the as-of date
-- no longer counts on that date, and a worker change on a date counts for the new worker only.

-- Teams and their structure over time. A reorganisation closes teams (dept_valid_to) and opens others.
CREATE TABLE ssd_department (
  dept_team_id          text PRIMARY KEY,
  dept_team_name        text NOT NULL,
  dept_team_parent_id   text REFERENCES ssd_department (dept_team_id),
  dept_team_parent_name text,
  -- Keystone: effective dating (half-open) and kind of unit.
  dept_valid_from       date,
  dept_valid_to         date,
  dept_team_type        text NOT NULL DEFAULT 'team' CHECK (dept_team_type IN ('service', 'team')),
  CHECK (dept_valid_to IS NULL OR dept_valid_from IS NULL OR dept_valid_to > dept_valid_from)
);

CREATE TABLE ssd_professionals (
  prof_professional_id                text PRIMARY KEY,
  prof_staff_id                       text,
  prof_professional_name              text NOT NULL,
  prof_social_worker_registration_no  text,
  prof_professional_job_title         text,
  prof_professional_caseload          integer,
  prof_professional_department        text,
  prof_full_time_equivalency          numeric(4, 2),
  prof_agency_worker_flag             char(1) CHECK (prof_agency_worker_flag IN ('Y', 'N'))
);

-- Keystone: which team a professional worked in, in what role, over time (half-open).
CREATE TABLE ks_team_membership (
  memb_id                 bigserial PRIMARY KEY,
  memb_professional_id    text NOT NULL REFERENCES ssd_professionals (prof_professional_id),
  memb_team_id            text NOT NULL REFERENCES ssd_department (dept_team_id),
  memb_role               text NOT NULL,
  memb_start_date         date NOT NULL,
  memb_end_date           date,
  memb_end_reason         text,
  CHECK (memb_end_date IS NULL OR memb_end_date >= memb_start_date)
);
CREATE INDEX ks_team_membership_prof ON ks_team_membership (memb_professional_id);
CREATE INDEX ks_team_membership_team ON ks_team_membership (memb_team_id);

-- Keystone: periods when a team accepted no new cases (half-open), with the reason.
CREATE TABLE ks_team_closure (
  clos_id          bigserial PRIMARY KEY,
  clos_team_id     text NOT NULL REFERENCES ssd_department (dept_team_id),
  clos_start_date  date NOT NULL,
  clos_end_date    date,
  clos_reason      text NOT NULL,
  CHECK (clos_end_date IS NULL OR clos_end_date >= clos_start_date)
);

CREATE TABLE ssd_person (
  pers_person_id         text PRIMARY KEY,
  pers_forename          text,
  pers_surname           text,
  pers_sex               text,
  pers_gender            text,
  pers_ethnicity         text,
  pers_dob               date,
  pers_common_child_id   text,
  pers_legacy_id         text,
  pers_upn_unknown       text,
  pers_send_flag         char(1),
  pers_expected_dob      date,
  pers_death_date        date,
  pers_is_mother         char(1),
  pers_nationality       text
);

CREATE TABLE ssd_contacts (
  cont_contact_id            text PRIMARY KEY,
  cont_person_id             text NOT NULL REFERENCES ssd_person (pers_person_id),
  cont_contact_date          timestamp NOT NULL,
  cont_contact_source_code   text,
  cont_contact_source_desc   text,
  cont_contact_outcome_json  text
);
CREATE INDEX ssd_contacts_person ON ssd_contacts (cont_person_id);

-- A CIN episode opens with a referral and closes with cine_close_date.
CREATE TABLE ssd_cin_episodes (
  cine_referral_id             text PRIMARY KEY,
  cine_person_id               text NOT NULL REFERENCES ssd_person (pers_person_id),
  cine_referral_date           date NOT NULL,
  cine_cin_primary_need_code   text,
  cine_referral_source_code    text,
  cine_referral_source_desc    text,
  cine_referral_outcome_json   text,
  cine_referral_nfa            char(1),
  cine_close_reason            text,
  cine_close_date              date,
  cine_referral_team           text,
  cine_referral_worker_id      text,
  -- Keystone: date the decision on the referral's response was made (timeliness: 1 working day).
  cine_decision_date           date
);
CREATE INDEX ssd_cin_episodes_person ON ssd_cin_episodes (cine_person_id);

CREATE TABLE ssd_cin_assessments (
  cina_assessment_id            text PRIMARY KEY,
  cina_person_id                text NOT NULL REFERENCES ssd_person (pers_person_id),
  cina_referral_id              text,
  cina_assessment_start_date    date NOT NULL,
  cina_assessment_child_seen    char(1),
  cina_assessment_auth_date     date,
  cina_assessment_outcome_json  text,
  cina_assessment_outcome_nfa   char(1),
  cina_assessment_team          text,
  cina_assessment_worker_id     text
);
CREATE INDEX ssd_cin_assessments_person ON ssd_cin_assessments (cina_person_id);

CREATE TABLE ssd_assessment_factors (
  cinf_table_id                 text PRIMARY KEY,
  cinf_assessment_id            text NOT NULL REFERENCES ssd_cin_assessments (cina_assessment_id),
  cinf_assessment_factors_json  text
);

CREATE TABLE ssd_s47_enquiry (
  s47e_s47_enquiry_id              text PRIMARY KEY,
  s47e_referral_id                 text,
  s47e_person_id                   text NOT NULL REFERENCES ssd_person (pers_person_id),
  s47e_s47_start_date              date NOT NULL,
  s47e_s47_end_date                date,
  s47e_s47_nfa                     char(1),
  s47e_s47_outcome_json            text,
  s47e_s47_completed_by_team       text,
  s47e_s47_completed_by_worker_id  text
);
CREATE INDEX ssd_s47_enquiry_person ON ssd_s47_enquiry (s47e_person_id);

CREATE TABLE ssd_initial_cp_conference (
  icpc_icpc_id             text PRIMARY KEY,
  icpc_icpc_meeting_id     text,
  icpc_s47_enquiry_id      text,
  icpc_person_id           text NOT NULL REFERENCES ssd_person (pers_person_id),
  icpc_cp_plan_id          text,
  icpc_referral_id         text,
  icpc_icpc_transfer_in    char(1),
  icpc_icpc_target_date    date,
  icpc_icpc_date           date NOT NULL,
  icpc_icpc_outcome_cp_flag char(1),
  icpc_icpc_outcome_json   text,
  icpc_icpc_team           text,
  icpc_icpc_worker_id      text
);
CREATE INDEX ssd_initial_cp_conference_person ON ssd_initial_cp_conference (icpc_person_id);

CREATE TABLE ssd_cp_plans (
  cppl_cp_plan_id               text PRIMARY KEY,
  cppl_referral_id              text,
  cppl_icpc_id                  text,
  cppl_person_id                text NOT NULL REFERENCES ssd_person (pers_person_id),
  cppl_cp_plan_start_date       date NOT NULL,
  cppl_cp_plan_end_date         date,
  cppl_cp_plan_initial_category text,
  cppl_cp_plan_ola              char(1),
  cppl_cp_plan_latest_category  text
);
CREATE INDEX ssd_cp_plans_person ON ssd_cp_plans (cppl_person_id);

CREATE TABLE ssd_cp_visits (
  cppv_cp_visit_id         text PRIMARY KEY,
  cppv_person_id           text NOT NULL REFERENCES ssd_person (pers_person_id),
  cppv_cp_plan_id          text,
  cppv_cp_visit_date       date NOT NULL,
  cppv_cp_visit_seen       char(1),
  cppv_cp_visit_seen_alone char(1),
  cppv_cp_visit_bedroom    char(1)
);
CREATE INDEX ssd_cp_visits_person ON ssd_cp_visits (cppv_person_id);

CREATE TABLE ssd_cp_reviews (
  cppr_cp_review_id                   text PRIMARY KEY,
  cppr_person_id                      text NOT NULL REFERENCES ssd_person (pers_person_id),
  cppr_cp_plan_id                     text,
  cppr_cp_review_due                  date,
  cppr_cp_review_date                 date,
  cppr_cp_review_meeting_id           text,
  cppr_cp_review_outcome_continue_cp  char(1),
  cppr_cp_review_quorate              char(1),
  cppr_cp_review_participation        text
);
CREATE INDEX ssd_cp_reviews_person ON ssd_cp_reviews (cppr_person_id);

CREATE TABLE ssd_cin_plans (
  cinp_cin_plan_id          text PRIMARY KEY,
  cinp_referral_id          text,
  cinp_person_id            text NOT NULL REFERENCES ssd_person (pers_person_id),
  cinp_cin_plan_start_date  date NOT NULL,
  cinp_cin_plan_end_date    date,
  cinp_cin_plan_team        text,
  cinp_cin_plan_worker_id   text
);
CREATE INDEX ssd_cin_plans_person ON ssd_cin_plans (cinp_person_id);

CREATE TABLE ssd_cin_visits (
  cinv_cin_visit_id         text PRIMARY KEY,
  cinv_person_id            text NOT NULL REFERENCES ssd_person (pers_person_id),
  cinv_cin_visit_date       date NOT NULL,
  cinv_cin_visit_seen       char(1),
  cinv_cin_visit_seen_alone char(1),
  cinv_cin_visit_bedroom    char(1)
);
CREATE INDEX ssd_cin_visits_person ON ssd_cin_visits (cinv_person_id);

CREATE TABLE ssd_cla_episodes (
  clae_cla_episode_id            text PRIMARY KEY,
  clae_person_id                 text NOT NULL REFERENCES ssd_person (pers_person_id),
  clae_cla_episode_start_date    date NOT NULL,
  clae_cla_episode_start_reason  text,
  clae_cla_primary_need_code     text,
  clae_cla_episode_ceased_date   date,
  clae_cla_episode_ceased_reason text,
  clae_cla_id                    text,
  clae_referral_id               text,
  clae_cla_placement_id          text,
  clae_entered_care_date         date,
  clae_cla_last_iro_contact_date date,
  -- Keystone: legal status of the episode (SSDA903 LS code, e.g. C2, V2), as the 903 carries it.
  clae_legal_status              text
);
CREATE INDEX ssd_cla_episodes_person ON ssd_cla_episodes (clae_person_id);
CREATE INDEX ssd_cla_episodes_cla ON ssd_cla_episodes (clae_cla_id);

CREATE TABLE ssd_cla_placement (
  clap_cla_placement_id            text PRIMARY KEY,
  clap_cla_placement_start_date    date NOT NULL,
  clap_cla_placement_type          text,
  clap_cla_placement_urn           text,
  clap_cla_placement_distance      numeric(8, 2),
  clap_cla_id                      text,
  clap_cla_placement_provider      text,
  clap_cla_placement_postcode      text,
  clap_cla_placement_end_date      date,
  clap_cla_placement_change_reason text,
  clap_person_id                   text REFERENCES ssd_person (pers_person_id)
);
CREATE INDEX ssd_cla_placement_person ON ssd_cla_placement (clap_person_id);

CREATE TABLE ssd_cla_reviews (
  clar_cla_review_id             text PRIMARY KEY,
  clar_cla_id                    text,
  clar_cla_review_due_date       date,
  clar_cla_review_date           date,
  clar_cla_review_cancelled      char(1),
  clar_cla_review_participation  text,
  -- Keystone: the child, so reviews can be read without the CLA ID chain.
  clar_person_id                 text REFERENCES ssd_person (pers_person_id)
);

CREATE TABLE ssd_cla_visits (
  clav_cla_visit_id        text PRIMARY KEY,
  clav_cla_id              text,
  clav_person_id           text NOT NULL REFERENCES ssd_person (pers_person_id),
  clav_cla_visit_date      date NOT NULL,
  clav_cla_visit_seen      char(1),
  clav_cla_visit_seen_alone char(1)
);
CREATE INDEX ssd_cla_visits_person ON ssd_cla_visits (clav_person_id);

CREATE TABLE ssd_cla_health (
  clah_health_check_id      text PRIMARY KEY,
  clah_person_id            text NOT NULL REFERENCES ssd_person (pers_person_id),
  clah_health_check_type    text,
  clah_health_check_date    date,
  clah_health_check_status  text
);

CREATE TABLE ssd_legal_status (
  lega_legal_status_id          text PRIMARY KEY,
  lega_person_id                text NOT NULL REFERENCES ssd_person (pers_person_id),
  lega_legal_status             text NOT NULL,
  lega_legal_status_start_date  date NOT NULL,
  lega_legal_status_end_date    date
);

CREATE TABLE ssd_missing (
  miss_table_id                    text PRIMARY KEY,
  miss_person_id                   text NOT NULL REFERENCES ssd_person (pers_person_id),
  miss_missing_episode_start_date  timestamp NOT NULL,
  miss_missing_episode_type        text,
  miss_missing_episode_end_date    timestamp,
  miss_missing_rhi_offered         text,
  miss_missing_rhi_accepted        text,
  -- Keystone: when the return home interview was offered (72-hour timescale).
  miss_missing_rhi_offered_date    timestamp
);
CREATE INDEX ssd_missing_person ON ssd_missing (miss_person_id);

CREATE TABLE ssd_care_leavers (
  clea_table_id                       text PRIMARY KEY,
  clea_person_id                      text NOT NULL REFERENCES ssd_person (pers_person_id),
  clea_care_leaver_eligibility        text,
  clea_care_leaver_in_touch           text,
  clea_care_leaver_latest_contact     date,
  clea_care_leaver_accommodation      text,
  clea_care_leaver_accom_suitable     text,
  clea_care_leaver_activity           text,
  clea_pathway_plan_review_date       date,
  clea_care_leaver_personal_advisor   text,
  clea_care_leaver_allocated_team     text,
  clea_care_leaver_worker_id          text
);

-- Worker allocations. The case-holding allocations (invo_professional_role_id) make caseloads.
CREATE TABLE ssd_involvements (
  invo_involvements_id          text PRIMARY KEY,
  invo_professional_id          text NOT NULL REFERENCES ssd_professionals (prof_professional_id),
  invo_professional_role_id     text NOT NULL,
  invo_professional_team        text,
  invo_involvement_start_date   date NOT NULL,
  invo_involvement_end_date     date,
  invo_worker_change_reason     text,
  invo_person_id                text NOT NULL REFERENCES ssd_person (pers_person_id),
  invo_referral_id              text,
  CHECK (invo_involvement_end_date IS NULL OR invo_involvement_end_date >= invo_involvement_start_date)
);
CREATE INDEX ssd_involvements_prof ON ssd_involvements (invo_professional_id, invo_involvement_start_date);
CREATE INDEX ssd_involvements_person ON ssd_involvements (invo_person_id);

-- Sign-in. Roles are checked against the access table in src/core/auth/access.ts.
CREATE TABLE ks_user (
  user_id          bigserial PRIMARY KEY,
  username         text NOT NULL UNIQUE,
  display_name     text NOT NULL,
  password_hash    text,
  roles            text[] NOT NULL DEFAULT '{}',
  -- Scope: the professional record (social workers, managers), or a fixed team / service area.
  professional_id  text REFERENCES ssd_professionals (prof_professional_id),
  team_id          text REFERENCES ssd_department (dept_team_id),
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Server-side sessions: the cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE ks_session (
  session_hash   text PRIMARY KEY,
  user_id        bigint NOT NULL REFERENCES ks_user (user_id) ON DELETE CASCADE,
  csrf_token     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL
);
CREATE INDEX ks_session_user ON ks_session (user_id);

-- Facts about the council that indicators need (e.g. its code, the 0-17 population).
CREATE TABLE ks_setting (
  setting_key    text PRIMARY KEY,
  setting_value  text NOT NULL
);
