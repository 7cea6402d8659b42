-- SSDA903 deprivation of liberty orders (the DoLO table DfE added to the return for 2026-27): one row
-- per child and order, keyed like the other 903 rows by the child and the order's start
-- (`903/<CHILD>/<YYYY-MM-DD>/DOLO`), so an order open at one 31 March and ended the next year is the
-- same row, updated. The end is null while the order is in force.
CREATE TABLE ks_903_dolo (
  dolo_id         text PRIMARY KEY,
  dolo_person_id  text NOT NULL REFERENCES ssd_person (pers_person_id),
  dolo_start_date date NOT NULL,
  dolo_end_date   date
);
CREATE INDEX ks_903_dolo_person ON ks_903_dolo (dolo_person_id, dolo_start_date);
