-- Imports (src/ingest): the history of every import, what it found wrong, the rows it refused,
-- and which import each stored row came from. The SSD tables are not changed: provenance lives
-- beside them in ks_row_source.

CREATE TABLE ks_import (
  import_id       bigserial PRIMARY KEY,
  format          text NOT NULL,                  -- 903, ssd, cin, annex-a
  file_names      text[] NOT NULL,
  -- SHA-256 of the set of files (each file's hash, sorted, hashed again): the same files give the same value.
  sha256          text NOT NULL,
  files           jsonb NOT NULL DEFAULT '[]',    -- [{name, sha256, bytes, table, rows}]
  started_at      timestamptz NOT NULL,
  finished_at     timestamptz,
  user_id         bigint,
  username        text,
  mode            text NOT NULL CHECK (mode IN ('strict', 'lenient')),
  dry_run         boolean NOT NULL DEFAULT false,
  -- committed: data written; rejected: strict mode found errors, nothing written;
  -- failed: the import stopped on an unexpected error, nothing written; checked: a dry run.
  status          text NOT NULL CHECK (status IN ('committed', 'rejected', 'failed', 'checked')),
  new_rows        integer NOT NULL DEFAULT 0,
  updated_rows    integer NOT NULL DEFAULT 0,
  unchanged_rows  integer NOT NULL DEFAULT 0,
  rejected_rows   integer NOT NULL DEFAULT 0,
  error_count     integer NOT NULL DEFAULT 0,
  warning_count   integer NOT NULL DEFAULT 0,
  summary         jsonb NOT NULL DEFAULT '{}',    -- per-table counts, collection year…
  error_message   text
);
CREATE INDEX ks_import_started ON ks_import (started_at);
CREATE INDEX ks_import_sha ON ks_import (sha256);

-- Every finding of every import: DfE rule code (or KS- code for structure), where, and why.
CREATE TABLE ks_import_issue (
  issue_id    bigserial PRIMARY KEY,
  import_id   bigint NOT NULL REFERENCES ks_import (import_id) ON DELETE CASCADE,
  file_name   text NOT NULL,
  table_name  text,
  row_number  integer,
  child_id    text,
  rule_code   text NOT NULL,
  field       text,
  message     text NOT NULL,
  severity    text NOT NULL CHECK (severity IN ('error', 'warning')),
  rejected    boolean NOT NULL DEFAULT false
);
CREATE INDEX ks_import_issue_import ON ks_import_issue (import_id, rule_code);

-- Rows refused, kept whole with every reason: never silently dropped.
CREATE TABLE ks_import_quarantine (
  quarantine_id  bigserial PRIMARY KEY,
  import_id      bigint NOT NULL REFERENCES ks_import (import_id) ON DELETE CASCADE,
  file_name      text NOT NULL,
  table_name     text,
  row_number     integer,
  child_id       text,
  rule_codes     text[] NOT NULL,
  fields         text[] NOT NULL,
  messages       text[] NOT NULL,
  raw_row        jsonb NOT NULL
);
CREATE INDEX ks_import_quarantine_import ON ks_import_quarantine (import_id);

-- Provenance: the import that last created or changed each stored row (table and primary key).
-- A re-import that changes nothing leaves it as it was.
CREATE TABLE ks_row_source (
  table_name  text NOT NULL,
  row_pk      text NOT NULL,
  import_id   bigint NOT NULL REFERENCES ks_import (import_id),
  PRIMARY KEY (table_name, row_pk)
);
CREATE INDEX ks_row_source_import ON ks_row_source (import_id);
