-- 016_incident_figures: what the register needs to give the figures agencies publish.
-- investigation_started_on and concluded_on are dates the focal point enters (midnight UTC, as
-- every date), so that a case concluded in May and recorded in September counts its real
-- duration. finding keeps the latest finding (substantiated / not_substantiated) once the
-- status moves on to closed. pertains_to_partner says whether an implementing partner's
-- personnel are concerned.
ALTER TABLE incidents ADD COLUMN investigation_started_on BIGINT;
ALTER TABLE incidents ADD COLUMN concluded_on BIGINT;
ALTER TABLE incidents ADD COLUMN finding TEXT;
ALTER TABLE incidents ADD COLUMN pertains_to_partner INTEGER NOT NULL DEFAULT 0;
-- Earlier records: the finding is known where the status still says it; the record pertains to
-- a partner where it names one or concerns a partner's personnel.
UPDATE incidents SET finding = status WHERE status IN ('substantiated', 'not_substantiated');
UPDATE incidents SET pertains_to_partner = 1 WHERE partner_id IS NOT NULL OR personnel_category = 'implementing_partner';
