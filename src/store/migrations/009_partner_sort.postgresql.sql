-- 009_partner_sort (PostgreSQL): the same sort keys and indexes as 009_partner_sort.sql. Text
-- compares in the "C" collation, byte by byte as SQLite compares it, whatever the database's
-- locale; lower() in that collation folds A-Z alone, as SQLite's lower() does. Equality, which
-- the filters use, is the same in every collation.
ALTER TABLE organizations ADD COLUMN name_key TEXT COLLATE "C" GENERATED ALWAYS AS (lower(name COLLATE "C")) STORED;
CREATE INDEX organizations_name_key ON organizations(name_key, id);
ALTER TABLE partners ALTER COLUMN country TYPE TEXT COLLATE "C", ALTER COLUMN type TYPE TEXT COLLATE "C";
CREATE INDEX partners_country_id ON partners(country, org_id);
DROP INDEX partners_country;
CREATE INDEX partners_type_id ON partners(type, org_id);
