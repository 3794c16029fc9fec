/* status.h: what every store function returns, and the two handles they take. */
#ifndef PSEA_STORE_STATUS_H
#define PSEA_STORE_STATUS_H

enum {
	STORE_OK = 0,
	STORE_ERROR = -1,      /* the database failed; logged */
	STORE_ECONSTRAINT = -2, /* a unique or foreign key rule refused the write */
	STORE_ERETRY = -3,     /* busy or serialization failure: run the transaction again */
	STORE_ENOTADB = -4,
	STORE_ENOTFOUND = -5,
	STORE_ECONFLICT = -6,  /* the object's version moved on */
};

struct store;   /* a pool of connections to one database */
struct db;      /* one connection, held for one request */
#endif
