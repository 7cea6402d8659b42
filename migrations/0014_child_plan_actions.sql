-- Actions written into children's plans (child protection, child in need, care plans), for the
-- indicator "plans with every action dated". The SSD holds no plan actions; councils whose case
-- system records them import this table as an SSD-style CSV (ks_child_plan_action.csv). One row per
-- action: the plan it belongs to (type and ID), when it was recorded, when it is due, when done.
CREATE TABLE ks_child_plan_action (
  plac_action_id            text PRIMARY KEY,
  plac_person_id            text NOT NULL REFERENCES ssd_person (pers_person_id),
  plac_plan_type            text NOT NULL CHECK (plac_plan_type IN ('CP', 'CIN', 'CLA')),
  plac_plan_id              text NOT NULL,
  plac_action_description   text,
  plac_action_owner         text,
  plac_action_recorded_date date NOT NULL,
  plac_action_due_date      date,
  plac_action_completed_date date
);
CREATE INDEX ks_child_plan_action_plan ON ks_child_plan_action (plac_plan_type, plac_plan_id);
CREATE INDEX ks_child_plan_action_person ON ks_child_plan_action (plac_person_id);

CREATE TRIGGER ks_child_plan_action_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ks_child_plan_action
  FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version();
