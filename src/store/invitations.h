/* invitations.h (store): invitations and password resets (invitations.c). */
#ifndef PSEA_STORE_INVITATIONS_H
#define PSEA_STORE_INVITATIONS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "../util/arena.h"
#include "../util/timeutil.h"
#include "accounts.h"

/* --- invitations and password resets (invitations.c): only hashes of the links' secrets --- */
struct invitation {
	int64_t id;
	char *email, *role, *language;
	struct org org;
	int64_t invited_by;     /* the account that sent it */
	char *invited_by_name;
	instant_t created_at, expires_at, accepted_at, withdrawn_at; /* 0: not (yet) */
	int64_t user_id;        /* the account made by accepting it */
};
int64_t store_invitation_add(struct db *db, const struct invitation *inv, const char *token_hash);
int store_invitation_get(struct db *db, struct arena *a, int64_t id, struct invitation *out);
int store_invitation_by_token(struct db *db, struct arena *a, const char *token_hash, struct invitation *out);
/* Newest first, ids below before (0: from the newest), at most limit; sent_from_org > 0 keeps
 * the invitations sent by accounts of that organisation. */
int store_invitations_list(struct db *db, struct arena *a, int64_t sent_from_org, int64_t before, int limit,
			   struct invitation **out, size_t *n);
/* Invitations to that address neither accepted, withdrawn nor expired at now. */
int64_t store_invitations_pending(struct db *db, const char *email, instant_t now);
/* Marks a pending invitation accepted by user_id, or withdrawn by by_user: STORE_ECONFLICT when
 * it was accepted or withdrawn in between. */
int store_invitation_accept(struct db *db, int64_t id, int64_t user_id, instant_t now);
int store_invitation_withdraw(struct db *db, int64_t id, int64_t by_user, instant_t now);

struct password_reset {
	int64_t id, user_id;
	instant_t created_at, expires_at, used_at;
};
int64_t store_password_reset_add(struct db *db, int64_t user_id, const char *token_hash, instant_t now, instant_t expires);
int store_password_reset_by_token(struct db *db, const char *token_hash, struct password_reset *out);
/* Marks that reset used: STORE_ECONFLICT when it was used already. */
int store_password_reset_use(struct db *db, int64_t id, instant_t now);
/* Marks every unused reset link of the account used (one was used, or the password changed). */
int store_password_resets_close(struct db *db, int64_t user_id, instant_t now);
/* Deletes every session and API token of the account: all its ways in end at once. */
int store_user_signins_end(struct db *db, int64_t user_id);
#endif
