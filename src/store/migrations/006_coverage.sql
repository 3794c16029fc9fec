-- 006_coverage: coverage is two aggregate queries. The partners rated since a cut-off are read
-- from these two indexes alone (only the ratings still valid, not every rating ever given), and
-- each one's active partnerships from the third, which replaces partnerships_partner (its prefix).
CREATE INDEX assessments_rated ON assessments(rated_at, rating, partner_id);
CREATE INDEX past_assessments_assessed ON past_assessments(assessed_on, partner_id);
CREATE INDEX partnerships_by_partner ON partnerships(partner_id, agency_id, start_date, end_date);
DROP INDEX partnerships_partner;
