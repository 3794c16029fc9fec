-- 002_assessments: partners, partnerships, the PSEA capacity assessment and its evidence.
-- A partner is an organizations row (kind 'partner') plus a partners row keyed by the same id.
CREATE TABLE partners (
	org_id BIGINT PRIMARY KEY REFERENCES organizations(id),
	type TEXT NOT NULL,
	country TEXT NOT NULL,
	parent_id BIGINT REFERENCES partners(org_id),
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX partners_country ON partners(country);
CREATE INDEX partners_parent ON partners(parent_id);

-- Which agency works with which partner, from when to when (end NULL: open-ended).
CREATE TABLE partnerships (
	id @ID@,
	partner_id BIGINT NOT NULL REFERENCES partners(org_id),
	agency_id BIGINT NOT NULL REFERENCES organizations(id),
	start_date BIGINT NOT NULL,
	end_date BIGINT,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX partnerships_partner ON partnerships(partner_id);
CREATE INDEX partnerships_agency ON partnerships(agency_id);

-- open_partner_id equals partner_id while the assessment is open (any status but 'rated') and is
-- NULL once rated: the unique index makes "one open assessment per partner" hold even when two
-- agencies open one at the same instant.
CREATE TABLE assessments (
	id @ID@,
	partner_id BIGINT NOT NULL REFERENCES partners(org_id),
	open_partner_id BIGINT UNIQUE,
	lead_agency_id BIGINT NOT NULL REFERENCES organizations(id),
	status TEXT NOT NULL CHECK (status IN ('intro', 'self_assessment', 'submitted', 'verification', 'rated', 'rating_unlocked')),
	contact_with_beneficiaries INTEGER,
	previously_assessed INTEGER,
	previous_agency_id BIGINT REFERENCES organizations(id),
	previous_date BIGINT,
	previous_rating TEXT,
	source TEXT NOT NULL DEFAULT 'verified' CHECK (source IN ('verified', 'previous')),
	rating TEXT,
	standards_met INTEGER,
	eligible INTEGER,
	rated_at BIGINT,
	rated_by BIGINT REFERENCES users(id),
	valid_until BIGINT,
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX assessments_partner ON assessments(partner_id);
CREATE INDEX assessments_status ON assessments(status);

CREATE TABLE assessment_agencies (
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	agency_id BIGINT NOT NULL REFERENCES organizations(id),
	joined_by BIGINT REFERENCES users(id),
	joined_at BIGINT NOT NULL,
	PRIMARY KEY (assessment_id, agency_id)
);
CREATE INDEX assessment_agencies_agency ON assessment_agencies(agency_id);

-- One row per assessment, side ('self' for the partner's answers, 'verified' for the agency's)
-- and standard, created with the assessment: saving touches only the standards sent, so two
-- editors saving different standards of one draft never overwrite each other.
CREATE TABLE assessment_answers (
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	side TEXT NOT NULL CHECK (side IN ('self', 'verified')),
	standard INTEGER NOT NULL CHECK (standard BETWEEN 1 AND 8),
	answer TEXT CHECK (answer IN ('yes', 'no', 'na')),
	comment TEXT,
	updated_by BIGINT REFERENCES users(id),
	updated_at BIGINT,
	PRIMARY KEY (assessment_id, side, standard)
);

-- Evidence, stored by content under <data>/blobs; standard NULL for Section 1 documents.
CREATE TABLE documents (
	id @ID@,
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	partner_id BIGINT NOT NULL REFERENCES partners(org_id),
	standard INTEGER CHECK (standard BETWEEN 1 AND 8),
	kind TEXT,
	title TEXT NOT NULL,
	filename TEXT,
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL,
	sha256 TEXT NOT NULL,
	approved INTEGER NOT NULL,
	uploaded_by BIGINT REFERENCES users(id),
	uploader_org_id BIGINT REFERENCES organizations(id),
	on_behalf INTEGER NOT NULL DEFAULT 0,
	uploaded_at BIGINT NOT NULL
);
CREATE INDEX documents_assessment ON documents(assessment_id);

CREATE TABLE assessment_history (
	id @ID@,
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	at BIGINT NOT NULL,
	user_id BIGINT REFERENCES users(id),
	action TEXT NOT NULL,
	from_status TEXT,
	to_status TEXT,
	reason TEXT
);
CREATE INDEX assessment_history_assessment ON assessment_history(assessment_id);

CREATE TABLE assessment_comments (
	id @ID@,
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	user_id BIGINT REFERENCES users(id),
	org_id BIGINT REFERENCES organizations(id),
	text TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX assessment_comments_assessment ON assessment_comments(assessment_id);

CREATE TABLE unlock_requests (
	id @ID@,
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	requested_by BIGINT REFERENCES users(id),
	reason TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	resolved_by BIGINT REFERENCES users(id),
	resolved_at BIGINT
);
CREATE INDEX unlock_requests_assessment ON unlock_requests(assessment_id);

-- Migrated ratings from earlier tools: a date, an agency and a rating is all they carry.
CREATE TABLE past_assessments (
	id @ID@,
	partner_id BIGINT NOT NULL REFERENCES partners(org_id),
	agency_id BIGINT NOT NULL REFERENCES organizations(id),
	assessed_on BIGINT NOT NULL,
	rating TEXT NOT NULL CHECK (rating IN ('full', 'medium', 'low')),
	legacy_sea_risk TEXT,
	legacy_sea_score INTEGER,
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX past_assessments_partner ON past_assessments(partner_id);
