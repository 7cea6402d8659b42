-- DfE's definitions for the benchmarked figures (issue 12, point 4).

-- SSDA903 OC2: outcomes of the children looked after continuously for 12 months at 31 March, one
-- row per child per return, the codes as the return writes them (1 yes, 0 no; SDQ_SCORE 0–40).
-- The health assessment and dental check figures at 31 March read this, never other tables,
-- when the return carried it.
CREATE TABLE ks_903_oc2 (
  oc2_id                    text PRIMARY KEY,
  oc2_person_id             text NOT NULL REFERENCES ssd_person (pers_person_id),
  -- 31 March of the collection year whose return carried the row.
  oc2_year_end              date NOT NULL,
  oc2_sdq_score             text,
  oc2_sdq_reason            text,
  oc2_convicted             text,
  oc2_health_check          text,
  oc2_immunisations         text,
  oc2_teeth_check           text,
  oc2_health_assessment     text,
  oc2_substance_misuse      text,
  oc2_intervention_received text,
  oc2_intervention_offered  text
);
CREATE INDEX ks_903_oc2_year ON ks_903_oc2 (oc2_year_end, oc2_person_id);

-- SSDA903 OC3: the 31 March of the return that carried a care leaver's row (null for rows from
-- other sources). DfE's care-leaver figures for a year read that year's OC3 rows.
ALTER TABLE ssd_care_leavers ADD COLUMN clea_oc3_year_end date;
CREATE INDEX ssd_care_leavers_oc3_year ON ssd_care_leavers (clea_oc3_year_end);
