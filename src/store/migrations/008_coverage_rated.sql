-- 008_coverage_rated: coverage becomes one pass over an index. Every partnership carries the
-- instant of its partner's latest rating (the latest of its rated assessments and migrated past
-- assessments; NULL: never rated), kept by the store whenever a rating, a past assessment or a
-- partnership is written. Coverage then reads, per agency, the active partnerships from one
-- index alone, in partner order, without looking at the ratings tables.
ALTER TABLE partnerships ADD COLUMN partner_rated_at BIGINT;
UPDATE partnerships SET partner_rated_at = (SELECT max(t) FROM (
	SELECT rated_at AS t FROM assessments a WHERE a.partner_id = partnerships.partner_id AND a.rating IS NOT NULL
	UNION ALL SELECT assessed_on FROM past_assessments m WHERE m.partner_id = partnerships.partner_id) latest);
-- partner_rated_at right after partner_id: the distinct (partner, rating) pairs of an agency come
-- out of the index already grouped. The prefix serves everything partnerships_coverage served.
CREATE INDEX partnerships_coverage_rated ON partnerships(agency_id, partner_id, partner_rated_at, start_date, end_date);
DROP INDEX partnerships_coverage;
-- GET /api/v1/agencies lists the agencies in code order without reading every partner.
CREATE INDEX organizations_kind_code ON organizations(kind, code);
