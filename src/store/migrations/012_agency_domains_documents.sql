-- 012_agency_domains_documents: the e-mail domains of each agency, and documents that leave an
-- assessment without leaving the record.
-- An agency's e-mail domains (lower case, e.g. unops.org): a domain names one agency only, so
-- that an address tells which agency its account belongs to.
CREATE TABLE agency_domains (
	agency_id BIGINT NOT NULL REFERENCES organizations(id),
	domain TEXT NOT NULL UNIQUE,
	PRIMARY KEY (agency_id, domain)
);
-- Evidence of a plan activity, added after the rating (NULL: evidence of the assessment itself).
ALTER TABLE documents ADD COLUMN activity_id BIGINT REFERENCES csip_activities(id);
-- A withdrawn document no longer counts and is no longer listed; its row and its file stay, for
-- the audit trail. withdrawn_at NULL: the document is part of the assessment.
ALTER TABLE documents ADD COLUMN withdrawn_at BIGINT;
ALTER TABLE documents ADD COLUMN withdrawn_by BIGINT REFERENCES users(id);
ALTER TABLE documents ADD COLUMN withdrawn_reason TEXT;
