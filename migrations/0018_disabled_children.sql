-- Disabled children (src/disabled): the SSD's SEND and EHCP tables, with the SSD's own names and
-- columns, so an SSD extract's ssd_send and ssd_ehcp_* files are held rather than set aside.
-- The EHCP tables name their child only through ssd_send (ehcr_send_table_id → send_person_id):
-- retention's deletion of a child's record follows that chain (src/retention/rules.ts). The links
-- between them are not foreign keys (an extract may start after a request was made): the SSD
-- import warns about a link that leads nowhere and the figures leave such a row out.

CREATE TABLE ssd_send (
  send_table_id     text PRIMARY KEY,
  send_upn          text,
  send_uln          text,
  send_upn_unknown  text,
  send_person_id    text NOT NULL REFERENCES ssd_person (pers_person_id)
);
CREATE INDEX ssd_send_person ON ssd_send (send_person_id);

CREATE TABLE ssd_ehcp_requests (
  ehcr_ehcp_request_id        text PRIMARY KEY,
  ehcr_send_table_id          text,
  ehcr_ehcp_req_date          date,
  ehcr_ehcp_req_outcome_date  date,
  ehcr_ehcp_req_outcome       text
);
CREATE INDEX ssd_ehcp_requests_send ON ssd_ehcp_requests (ehcr_send_table_id);

CREATE TABLE ssd_ehcp_assessment (
  ehca_ehcp_assessment_id          text PRIMARY KEY,
  ehca_ehcp_request_id             text,
  ehca_ehcp_assessment_outcome_date date,
  ehca_ehcp_assessment_outcome     text,
  ehca_ehcp_assessment_exceptions  text
);
CREATE INDEX ssd_ehcp_assessment_request ON ssd_ehcp_assessment (ehca_ehcp_request_id);

CREATE TABLE ssd_ehcp_named_plan (
  ehcn_named_plan_id          text PRIMARY KEY,
  ehcn_ehcp_asmt_id           text,
  ehcn_named_plan_start_date  date,
  ehcn_named_plan_ceased_date date,
  ehcn_named_plan_ceased_reason text
);
CREATE INDEX ssd_ehcp_named_plan_assessment ON ssd_ehcp_named_plan (ehcn_ehcp_asmt_id);

CREATE TABLE ssd_ehcp_active_plans (
  ehcp_active_ehcp_id                text PRIMARY KEY,
  ehcp_ehcp_request_id               text,
  ehcp_active_ehcp_last_review_date  date
);

CREATE INDEX ssd_disability_code ON ssd_disability (disa_person_id, disa_disability_code);

DO $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['ssd_send', 'ssd_ehcp_requests', 'ssd_ehcp_assessment', 'ssd_ehcp_named_plan', 'ssd_ehcp_active_plans']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ks_bump_data_version()',
                   name || '_data_version', name);
  END LOOP;
END;
$$;
