-- Self-evaluations (SEF) for the annual Ofsted engagement meeting (src/reports/sef). A SEF is for a
-- date and holds the evidence Keystone generated for it (indicators with commentary, inspection
-- history, audits, plan progress: aggregates only, small numbers suppressed; rewritten when leaders
-- refresh it) apart from what leaders write: one row per ILACS area and heading (areas.ts).
CREATE TABLE ks_sef (
  sef_id        bigserial PRIMARY KEY,
  sef_date      date NOT NULL,
  evidence      jsonb NOT NULL,
  created_by    bigint REFERENCES ks_user (user_id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  refreshed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ks_sef_date ON ks_sef (sef_date DESC);

CREATE TABLE ks_sef_writing (
  sef_id      bigint NOT NULL REFERENCES ks_sef (sef_id) ON DELETE CASCADE,
  area_id     text NOT NULL CHECK (area_id IN ('help_and_protection', 'children_in_care', 'care_leavers', 'impact_of_leaders')),
  heading_id  text NOT NULL CHECK (heading_id IN ('what_we_know', 'what_we_are_doing', 'what_difference', 'what_next')),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  written_by  bigint REFERENCES ks_user (user_id),
  written_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sef_id, area_id, heading_id)
);
