-- 010_csip_confirmation: a plan activity's completion counts once an agency confirms it.
-- The partner reports an activity completed (status 'completed', completed_at, reported_by);
-- an agency editor confirms it (confirmed_at, the instant that counts for the standing and the
-- six-month clock) or returns it with a reason (returned_*; the activity goes back to
-- 'in_progress'). A plan rated again keeps the instant of the new rating (rerated_at): the new
-- verification judges every standard afresh, so completions confirmed before it no longer count.
-- A partnership recorded with a partner that is not eligible keeps the exception's reason.
ALTER TABLE csip_activities ADD COLUMN reported_by BIGINT REFERENCES users(id);
ALTER TABLE csip_activities ADD COLUMN confirmed_at BIGINT;
ALTER TABLE csip_activities ADD COLUMN confirmed_by BIGINT REFERENCES users(id);
ALTER TABLE csip_activities ADD COLUMN returned_at BIGINT;
ALTER TABLE csip_activities ADD COLUMN returned_by BIGINT REFERENCES users(id);
ALTER TABLE csip_activities ADD COLUMN return_reason TEXT;
ALTER TABLE csip_plans ADD COLUMN rerated_at BIGINT;
ALTER TABLE partnerships ADD COLUMN exception_reason TEXT;

-- Completions recorded before: one marked by an agency user stands confirmed at its instant;
-- one marked by the partner alone waits for an agency's confirmation, and its plan is active
-- again until then.
UPDATE csip_activities SET reported_by = coalesce((SELECT l.user_id FROM audit_log l
	WHERE l.object_type = 'csip_activity' AND l.object_id = csip_activities.id AND l.action = 'complete'
	ORDER BY l.id DESC LIMIT 1), created_by)
WHERE status = 'completed';
UPDATE csip_activities SET confirmed_at = completed_at, confirmed_by = reported_by
WHERE status = 'completed' AND EXISTS (SELECT 1 FROM users u JOIN organizations o ON o.id = u.org_id
	WHERE u.id = csip_activities.reported_by AND o.kind = 'agency');
UPDATE csip_plans SET status = 'active', completed_at = NULL
WHERE status = 'completed' AND EXISTS (SELECT 1 FROM csip_activities a
	WHERE a.plan_id = csip_plans.id AND a.confirmed_at IS NULL);
