-- Looked-after forecast (issue 17): unit costs and places per placement type, and named scenarios.

-- The council's weekly unit cost of each placement type (src/forecast/states.ts), for the financial
-- year it applies to (2026 = April 2026 to March 2027), and the places it has or commissions (for
-- the sufficiency gaps; blank when not known). Every change is in the audit trail.
CREATE TABLE ks_forecast_unit_cost (
  placement_type      text NOT NULL,
  financial_year      integer NOT NULL CHECK (financial_year BETWEEN 2000 AND 2100),
  weekly_cost_pounds  numeric(10, 2) NOT NULL CHECK (weekly_cost_pounds >= 0),
  places              integer CHECK (places >= 0),
  updated_by          text NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (placement_type, financial_year)
);

-- A named change of practice and its assumptions, shown beside the baseline forecast and usable in
-- committee reports and the self-evaluation.
CREATE TABLE ks_forecast_scenario (
  scenario_id   bigserial PRIMARY KEY,
  name          text NOT NULL UNIQUE,
  description   text NOT NULL DEFAULT '',
  assumptions   jsonb NOT NULL,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
