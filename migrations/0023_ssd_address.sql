-- The SSD's address table: a person's addresses over time. Keystone reads the postcode of the child's
-- home in effect when a looked-after episode began for the SSDA903's HOME_POST (DfE derives the
-- placement's distance from home, and its local authority, from it). Dates carry a day only.
CREATE TABLE ssd_address (
  addr_table_id            text PRIMARY KEY,
  addr_address_json        text,
  addr_person_id           text NOT NULL REFERENCES ssd_person (pers_person_id),
  addr_address_type        text,
  addr_address_start_date  date,
  addr_address_end_date    date,
  addr_address_postcode    text
);
CREATE INDEX ssd_address_person ON ssd_address (addr_person_id, addr_address_start_date);
