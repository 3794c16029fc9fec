-- 018_screening_training: an agency's screening and training figures per year, entered by its
-- focal points. Counts only (no person is named); NULL where the agency does not know a count.
CREATE TABLE screening_training (
	agency_id BIGINT NOT NULL REFERENCES organizations(id),
	year INTEGER NOT NULL,
	personnel_screened BIGINT,
	screened_out BIGINT,
	people_to_train BIGINT,
	people_trained BIGINT,
	updated_at BIGINT NOT NULL,
	updated_by BIGINT REFERENCES users(id),
	PRIMARY KEY (agency_id, year)
);
