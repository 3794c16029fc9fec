-- 003_csip: capacity strengthening implementation plans (one per assessment), their activities
-- (one row per activity, each naming an unmet standard) and their extensions (all kept: the
-- latest end is the reassessment instant). Instants are BIGINT seconds since the epoch.
CREATE TABLE csip_plans (
	id @ID@,
	assessment_id BIGINT NOT NULL UNIQUE REFERENCES assessments(id),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'active', 'completed')),
	created_at BIGINT NOT NULL,
	created_by BIGINT REFERENCES users(id),
	submitted_at BIGINT,
	submitted_by BIGINT REFERENCES users(id),
	started_at BIGINT,
	approved_by BIGINT REFERENCES users(id),
	completed_at BIGINT,
	version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE csip_activities (
	id @ID@,
	plan_id BIGINT NOT NULL REFERENCES csip_plans(id),
	standard INTEGER NOT NULL CHECK (standard BETWEEN 1 AND 8),
	description TEXT NOT NULL,
	responsible TEXT NOT NULL,
	due_date BIGINT NOT NULL,
	status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'completed')),
	completed_at BIGINT,
	created_at BIGINT NOT NULL,
	created_by BIGINT REFERENCES users(id),
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX csip_activities_plan ON csip_activities(plan_id);

CREATE TABLE csip_extensions (
	id @ID@,
	plan_id BIGINT NOT NULL REFERENCES csip_plans(id),
	until_at BIGINT NOT NULL,
	reason TEXT NOT NULL,
	granted_at BIGINT NOT NULL,
	granted_by BIGINT REFERENCES users(id)
);
CREATE INDEX csip_extensions_plan ON csip_extensions(plan_id);
