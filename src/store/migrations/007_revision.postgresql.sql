-- 007_revision (PostgreSQL): the same number as a sequence, advanced after each commit. A row
-- updated by every write transaction would make concurrent SERIALIZABLE writes fail one another;
-- a sequence never waits and never rolls back.
CREATE SEQUENCE store_revision;
