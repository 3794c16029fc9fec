-- 009_partner_sort: the partner register sorted by name, country or type across all its pages.
-- Pages follow one another by (key, id), so each sort has an index on exactly that pair: the
-- first page and every later one read only their own rows, whatever the register's size.
-- The name sorts without regard to case: name_key is lower(name), which folds A-Z alone, and
-- keys compare byte by byte. PostgreSQL (009_partner_sort.postgresql.sql) computes and compares
-- the same key, so both engines give the same order.
ALTER TABLE organizations ADD COLUMN name_key TEXT GENERATED ALWAYS AS (lower(name)) VIRTUAL;
CREATE INDEX organizations_name_key ON organizations(name_key, id);
-- (country, org_id) serves every query that partners_country served, which it replaces.
CREATE INDEX partners_country_id ON partners(country, org_id);
DROP INDEX partners_country;
CREATE INDEX partners_type_id ON partners(type, org_id);
