-- 006_coverage: coverage counts the partners rated since a cut-off in one aggregate query; these
-- let it read, from the indexes alone, only the ratings still valid instead of every rating given.
CREATE INDEX assessments_rated ON assessments(rated_at, rating, partner_id);
CREATE INDEX past_assessments_assessed ON past_assessments(assessed_on, partner_id);
