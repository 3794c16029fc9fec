-- 011_rating_in_force: a rating keeps what it was given with, so that neither an unlock nor a
-- change of settings alters the rating in force.
-- rated_answer: the verified answer as it stood when the rating was last finalized. Unlocking a
-- rating makes `answer` a draft again; the standing reads rated_answer until the next finalize.
ALTER TABLE assessment_answers ADD COLUMN rated_answer TEXT CHECK (rated_answer IN ('yes', 'no', 'na'));
-- The capacity bands (settings rating.full_min, rating.medium_min) in force at finalizing: plan
-- progress recomputes the capacity with these, not with the settings of the day.
ALTER TABLE assessments ADD COLUMN rating_full_min INTEGER;
ALTER TABLE assessments ADD COLUMN rating_medium_min INTEGER;
-- When the rating was last recorded (finalized, finalized again, or accepted), which rated_at,
-- the date validity runs from, need not be: an accepted prior assessment keeps its own date (its
-- plan falls due from the acceptance), and a revision after an unlock keeps the rating's date (a
-- corrective-action review before the revision no longer applies).
ALTER TABLE assessments ADD COLUMN decided_at BIGINT;
UPDATE assessment_answers SET rated_answer = answer WHERE side = 'verified'
	AND assessment_id IN (SELECT id FROM assessments WHERE status = 'rated' AND source = 'verified' AND rating IS NOT NULL);
-- Ratings given before this migration: the bands of the settings as they stand now.
UPDATE assessments SET
	rating_full_min = coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'rating.full_min'), 8),
	rating_medium_min = coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'rating.medium_min'), 6)
	WHERE source = 'verified' AND rating IS NOT NULL;
UPDATE assessments SET decided_at = coalesce((SELECT max(h.at) FROM assessment_history h
	WHERE h.assessment_id = assessments.id AND h.action IN ('finalized', 'previous_accepted')), rated_at)
	WHERE rating IS NOT NULL;
