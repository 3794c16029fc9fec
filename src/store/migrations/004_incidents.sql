-- 004_incidents: the allegations register and the corrective-action reviews.
-- Victims are kept only as counts by sex and age group: there is deliberately no column in
-- which a name or any other identifying detail could be written.
CREATE TABLE incidents (
	id @ID@,
	agency_id BIGINT NOT NULL REFERENCES organizations(id),
	partner_id BIGINT REFERENCES organizations(id),
	personnel_category TEXT NOT NULL,
	type TEXT NOT NULL,
	received_at BIGINT NOT NULL,
	incident_date BIGINT,
	reported_onward_at BIGINT,
	source TEXT NOT NULL,
	status TEXT NOT NULL,
	status_changed_at BIGINT NOT NULL,
	-- the instant the status first became substantiated or not_substantiated
	concluded_at BIGINT,
	recorded_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX incidents_agency ON incidents(agency_id, received_at);
CREATE INDEX incidents_partner ON incidents(partner_id);

CREATE TABLE incident_victims (
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	sex TEXT NOT NULL,
	age_group TEXT NOT NULL,
	count BIGINT NOT NULL CHECK (count > 0),
	PRIMARY KEY (incident_id, sex, age_group)
);

-- actions taken and assistance offered: one row per word
CREATE TABLE incident_measures (
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	kind TEXT NOT NULL CHECK (kind IN ('action', 'assistance')),
	word TEXT NOT NULL,
	PRIMARY KEY (incident_id, kind, word)
);

-- Every review is kept; the latest one of an incident is its current review.
CREATE TABLE corrective_action_reviews (
	id @ID@,
	incident_id BIGINT NOT NULL REFERENCES incidents(id),
	partner_id BIGINT NOT NULL REFERENCES organizations(id),
	adequate INTEGER NOT NULL,
	notes TEXT,
	reviewed_at BIGINT NOT NULL,
	reviewed_by BIGINT REFERENCES users(id)
);
CREATE INDEX corrective_action_reviews_incident ON corrective_action_reviews(incident_id, id);
CREATE INDEX corrective_action_reviews_partner ON corrective_action_reviews(partner_id, reviewed_at);
