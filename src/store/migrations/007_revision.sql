-- 007_revision: a number that changes whenever data changes, so that a server can tell that an
-- answer it computed earlier still holds (the response cache in src/http/cache.c). SQLite keeps
-- it in a one-row table updated inside each write transaction.
CREATE TABLE store_revision (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n BIGINT NOT NULL
);
INSERT INTO store_revision (id, n) VALUES (1, 0);
