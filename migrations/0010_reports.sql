-- Committee reports (src/reports). A draft holds its figures already made member-safe (small
-- numbers suppressed before they are stored) and its commentary: the text Keystone generated and
-- the author's edit, both kept. Publishing freezes a numbered version: a JSON snapshot of figures,
-- commentary and summary that re-importing data does not change. Rules: src/reports/figures.ts,
-- commentary.ts, summary.ts.
CREATE TABLE ks_report (
  report_id      bigserial PRIMARY KEY,
  template_id    text NOT NULL,
  title          text NOT NULL,
  period         text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  indicator_ids  jsonb NOT NULL,
  figures        jsonb NOT NULL,
  created_by     bigint REFERENCES ks_user (user_id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  refreshed_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per indicator: generated_text is rewritten when the figures are refreshed; edited_text
-- is the author's (null: publish the generated text).
CREATE TABLE ks_report_commentary (
  report_id       bigint NOT NULL REFERENCES ks_report (report_id) ON DELETE CASCADE,
  indicator_id    text NOT NULL,
  generated_text  text NOT NULL,
  edited_text     text,
  edited_by       bigint REFERENCES ks_user (user_id),
  edited_at       timestamptz,
  PRIMARY KEY (report_id, indicator_id)
);

CREATE TABLE ks_report_version (
  report_id          bigint NOT NULL REFERENCES ks_report (report_id),
  version            integer NOT NULL CHECK (version >= 1),
  title              text NOT NULL,
  period             text NOT NULL,
  snapshot           jsonb NOT NULL,
  published_by       bigint REFERENCES ks_user (user_id),
  published_by_name  text NOT NULL,
  published_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, version)
);
CREATE INDEX ks_report_version_published ON ks_report_version (published_at DESC);

-- A published version is frozen: it can be superseded by a new version, never changed or removed.
CREATE FUNCTION ks_report_version_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published report versions are frozen';
END;
$$;
CREATE TRIGGER ks_report_version_frozen BEFORE UPDATE OR DELETE ON ks_report_version
  FOR EACH ROW EXECUTE FUNCTION ks_report_version_refuse_change();
