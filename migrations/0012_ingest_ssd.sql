-- SSD tables the SSD and Annex A imports fill that the data model did not hold yet, with the SSD's
-- own names and columns: early help episodes (Annex A List 2), permanence / adoption (List 10) and
-- the looked-after child's care plan (List 8's permanence plan). Every one names its child in a
-- *_person_id column, so retention's deletion of a child's record reaches them as it reaches the rest.

CREATE TABLE ssd_early_help_episodes (
  earl_episode_id            text PRIMARY KEY,
  earl_person_id             text NOT NULL REFERENCES ssd_person (pers_person_id),
  earl_episode_start_date    date,
  earl_episode_end_date      date,
  earl_episode_reason        text,
  earl_episode_end_reason    text,
  earl_episode_organisation  text,
  earl_episode_worker_id     text
);
CREATE INDEX ssd_early_help_episodes_person ON ssd_early_help_episodes (earl_person_id);

-- The SSD declares perm_person_id as a reference to the CLA episode; it holds the child's ID, so
-- Keystone makes it a reference to the person.
CREATE TABLE ssd_permanence (
  perm_table_id                   text PRIMARY KEY,
  perm_person_id                  text NOT NULL REFERENCES ssd_person (pers_person_id),
  perm_cla_id                     text,
  perm_adm_decision_date          date,
  perm_ffa_cp_decision_date       date,
  perm_placement_order_date       date,
  perm_placed_for_adoption_date   date,
  perm_matched_date               date,
  perm_adopted_by_carer_flag      char(1),
  perm_placed_ffa_cp_date         date,
  perm_decision_reversed_date     date,
  perm_placed_foster_carer_date   date,
  perm_part_of_sibling_group      char(1),
  perm_siblings_placed_together   integer,
  perm_siblings_placed_apart      integer,
  perm_placement_provider_urn     text,
  perm_decision_reversed_reason   text,
  perm_permanence_order_date      date,
  perm_permanence_order_type      text,
  perm_adoption_worker_id         text,
  perm_adopter_sex                text,
  perm_adopter_legal_status       text,
  perm_number_of_adopters         text
);
CREATE INDEX ssd_permanence_person ON ssd_permanence (perm_person_id);

CREATE TABLE ssd_cla_care_plan (
  lacp_table_id                  text PRIMARY KEY,
  lacp_person_id                 text NOT NULL REFERENCES ssd_person (pers_person_id),
  lacp_cla_care_plan_start_date  date,
  lacp_cla_care_plan_end_date    date,
  lacp_cla_care_plan_json        text
);
CREATE INDEX ssd_cla_care_plan_person ON ssd_cla_care_plan (lacp_person_id);

CREATE TRIGGER ssd_early_help_episodes_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ssd_early_help_episodes
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();
CREATE TRIGGER ssd_permanence_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ssd_permanence
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();
CREATE TRIGGER ssd_cla_care_plan_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ssd_cla_care_plan
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();
