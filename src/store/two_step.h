/* two_step.h (store): two-step sign-in: TOTP secrets, recovery codes, sign-ins awaiting a code
 * (two_step.c). */
#ifndef PSEA_STORE_TWO_STEP_H
#define PSEA_STORE_TWO_STEP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"

/* --- two-step sign-in: TOTP secrets, recovery codes, sign-ins awaiting a code (two_step.c) --- */
struct totp_state {
	char *secret;       /* hex, NULL when two-step sign-in is off */
	char *pending;      /* hex, during enrolment */
	int64_t last_step;  /* the last time step whose code was used */
};
int store_totp_get(struct db *db, struct arena *a, int64_t user_id, struct totp_state *out);
int store_totp_set_pending(struct db *db, int64_t user_id, const char *secret_hex);
/* The pending secret becomes the secret; STORE_ECONFLICT when none is pending. */
int store_totp_enable(struct db *db, int64_t user_id, int64_t step);
int store_totp_disable(struct db *db, int64_t user_id); /* and forgets the recovery codes */
/* Records that step's code as used; STORE_ECONFLICT when that step or a later one was used. */
int store_totp_use_step(struct db *db, int64_t user_id, int64_t step);
int store_recovery_codes_set(struct db *db, int64_t user_id, char *const *hashes, size_t n);
/* Uses an unused code; STORE_ENOTFOUND when there is none with that hash. */
int store_recovery_code_use(struct db *db, int64_t user_id, const char *hash, instant_t now);
int64_t store_recovery_codes_left(struct db *db, int64_t user_id); /* or the store's failure (negative) */
int store_two_step_challenge_add(struct db *db, const char *token_hash, int64_t user_id, instant_t now, instant_t expires);
int64_t store_two_step_challenge_user(struct db *db, const char *token_hash, instant_t now); /* 0: none live; negative: the store's failure */
int store_two_step_challenge_delete(struct db *db, const char *token_hash);
#endif
