-- Improvement plans can be closed (the work is done) or superseded (a later plan carries it on),
-- with the date and the reason; an open plan is the live one. The change is in the audit trail.
ALTER TABLE ks_plan
  ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'superseded')),
  ADD COLUMN closed_on date,
  ADD COLUMN closed_reason text,
  ADD COLUMN superseded_by bigint REFERENCES ks_plan (plan_id) ON DELETE SET NULL,
  ADD CONSTRAINT ks_plan_closed CHECK ((status = 'open') = (closed_on IS NULL) AND (status = 'superseded') = (superseded_by IS NOT NULL));
