/* store.h: the only way to the database. Nothing above src/store/ knows which engine is behind
 * it (SQLite file or PostgreSQL server) or sees a line of SQL.
 *
 * Conventions: functions return 0 (or a positive id) on success and a negative STORE_E* code on
 * failure; objects they return are allocated in the caller's arena and live as long as it.
 * Instants are seconds since the epoch (instant_t); dates are instants at midnight UTC. */
#ifndef PSEA_STORE_H
#define PSEA_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/arena.h"
#include "../util/timeutil.h"
#include "../domain/rating.h"  /* struct rating_bands */

#include "status.h"

/* Opens a pool. target: a file path, "sqlite:PATH" or "postgresql://...". size: connections. */
struct store *store_open(const char *target, int size, char *err, size_t errlen);
void store_close(struct store *s);
/* Borrows a connection (waits for one when all are busy) and gives it back. */
struct db *store_acquire(struct store *s);
void store_release(struct store *s, struct db *db);
const char *store_engine_name(struct store *s);

int store_begin(struct db *db);   /* a write transaction */
int store_commit(struct db *db);
void store_rollback(struct db *db);
/* Write transactions are serializable on both engines (SQLite: writers take turns; PostgreSQL:
 * SERIALIZABLE). On PostgreSQL a transaction may then fail with STORE_ERETRY because a concurrent
 * one got there first; so may any statement after a deadlock or a lost connection. Nothing of
 * the failed transaction remains, so the whole request may run again: store_retry_wanted tells
 * whether that is worth it, store_retry_reset rolls back what is open and clears the mark. */
bool store_retry_wanted(struct db *db);
void store_retry_reset(struct db *db);

/* --- read snapshots (the HTTP layer opens one around every GET) --- */
/* The statements that follow run in one read transaction: the request sees one consistent state
 * and pays the engine's read locking once instead of once per statement. store_begin, or any
 * statement that writes, ends the snapshot first, so a write never runs on a stale one. A no-op
 * on engines where per-statement reads cost nothing extra. */
void store_snapshot_begin(struct db *db);
void store_snapshot_end(struct db *db);

/* The data revision: a number that changes with every committed write, from any process on the
 * database. Read it before the data it should vouch for: an answer computed after reading
 * revision R is never older than R. -1 when it cannot be read. */
int64_t store_revision(struct db *db);

/* Applies the migrations not yet applied, each in its own transaction, and seeds the agencies.
 * applied: how many ran (0 when the database was up to date). */
int store_migrate(struct store *s, int *applied, char *err, size_t errlen);
int store_schema_version(struct db *db, int *version);

/* --- settings (DOMAIN.md values an administrator may change) --- */
#include "settings.h"

/* --- organisations: agencies and partners --- */
struct org {
	int64_t id;
	char *kind;   /* "agency" or "partner" */
	char *code;   /* agencies: UNICEF, ...; partners: NULL */
	char *name;
};
int store_org_get(struct db *db, struct arena *a, int64_t id, struct org *out);
/* The organisations of those ids that exist (ids ascending, none repeated), ordered by id. */
int store_orgs_of(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct org **out, size_t *nout);
int store_agency_by_code(struct db *db, struct arena *a, const char *code, struct org *out);
/* All agencies ordered by code; *n receives the count. */
int store_agencies(struct db *db, struct arena *a, struct org **out, size_t *n);
int64_t store_agency_add(struct db *db, const char *code, const char *name, instant_t now);
/* Renames an agency (name NULL: keeps it) and advances its version; if_version 0: whatever the
 * version. STORE_ECONFLICT when the version moved on, STORE_ENOTFOUND when no agency has that id. */
int store_agency_update(struct db *db, int64_t id, int64_t if_version, const char *name);
/* An organisation's version (0 when there is none). */
int64_t store_org_version(struct db *db, int64_t id); /* negative: the store's failure */
/* The e-mail domains of agencies (lower case, e.g. unops.org; a domain names one agency only). */
struct agency_domain {
	int64_t agency_id;
	char *domain;
};
/* One agency's domains (agency_id 0: every agency's), by agency then domain. */
int store_agency_domains(struct db *db, struct arena *a, int64_t agency_id, struct agency_domain **out, size_t *n);
/* The agency whose e-mail domain this is (lower case, without '@'): its id, 0 when none. */
int64_t store_agency_of_domain(struct db *db, const char *domain); /* negative: the store's failure */
/* Replaces an agency's domains with these (in the caller's transaction). STORE_ECONSTRAINT when
 * one of them is another agency's. */
int store_agency_set_domains(struct db *db, int64_t agency_id, char *const *domains, size_t n);
/* A partner organisation with only its name (the partner record itself is in store_partners). */
int64_t store_partner_org_add(struct db *db, const char *name, instant_t now);

/* --- users --- */
/* The password hash of accounts made by single sign-on: no password verifies against it. */
#define STORE_SSO_PASSWORD_HASH "!sso"
struct user {
	int64_t id;
	char *email;
	char *name;
	char *role;
	char *language;
	bool active;
	int64_t version;
	struct org org;
	char *password_hash; /* only filled by store_user_by_email */
	bool two_step;       /* signs in with a password and a TOTP code */
	bool sso;            /* made by single sign-on: no password of its own */
};
int64_t store_user_add(struct db *db, const struct user *u, const char *password_hash, instant_t now);
int store_user_get(struct db *db, struct arena *a, int64_t id, struct user *out);
int store_user_by_email(struct db *db, struct arena *a, const char *email, struct user *out);
/* Users ordered by id after `after`; at most limit. */
int store_users_list(struct db *db, struct arena *a, int64_t after, int limit, struct user **out, size_t *n);
/* Changes name, role, language, active (NULL / -1 keep); version-checked when if_version > 0. */
int store_user_update(struct db *db, int64_t id, int64_t if_version, const char *name, const char *role,
		      const char *language, int active, const char *password_hash);
int store_user_count(struct db *db, int64_t *n);

/* --- sessions and API tokens: only hashes of the secrets are stored --- */
int store_session_add(struct db *db, const char *id_hash, int64_t user_id, const char *csrf,
		      instant_t now, instant_t expires);
/* Finds a live session; fills the user and the CSRF token. */
int store_session_get(struct db *db, struct arena *a, const char *id_hash, instant_t now,
		      struct user *user, char **csrf);
int store_session_delete(struct db *db, const char *id_hash);
int64_t store_token_add(struct db *db, int64_t user_id, const char *name, const char *token_hash, instant_t now,
			instant_t expires);
/* Finds a token that is neither revoked nor expired at now, of an active user. */
int store_token_get(struct db *db, struct arena *a, const char *token_hash, instant_t now, struct user *user);
struct api_token { int64_t id; char *name; instant_t created_at, expires_at; };
/* The user's tokens not revoked (expired ones included), by id, from after; at most limit. */
int store_tokens_of_user(struct db *db, struct arena *a, int64_t user_id, int64_t after, int limit,
			 struct api_token **out, size_t *n);
/* Ends every session of the user but keep_session_hash (NULL: all) and revokes all its tokens:
 * after a password reset or a deactivation, no credential made before it works. */
int store_user_credentials_end(struct db *db, int64_t user_id, const char *keep_session_hash, instant_t now);
/* Revokes a token of that user; STORE_ENOTFOUND when the user has no such token. */
int store_token_revoke(struct db *db, int64_t id, int64_t user_id, instant_t now);

/* --- login throttling, shared by every server on the database --- */
int store_login_failure_add(struct db *db, const char *key, instant_t now);
/* How many failures under key at or after since (*count) and the latest one's instant (*latest,
 * 0 when none). */
int store_login_failures_since(struct db *db, const char *key, instant_t since, int64_t *count, instant_t *latest);
int store_login_failures_clear(struct db *db, const char *key);

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

/* --- audit log --- */
int store_audit(struct db *db, int64_t user_id, const char *object_type, int64_t object_id,
		const char *action, const char *request_id, instant_t now);
struct audit_entry {
	int64_t id, user_id, object_id;
	char *object_type, *action, *request_id;
	instant_t at;
};
int store_audit_list(struct db *db, struct arena *a, const char *object_type, int64_t object_id,
		     int64_t user_id, int64_t before, int limit, struct audit_entry **out, size_t *n);

/* --- partners, partnerships, assessments, documents (migration 002_assessments) ---
 * A partner is an organisation of kind 'partner' plus its partners row (same id). */
struct partner {
	int64_t id;            /* the organisation's id */
	char *name;
	char *type;            /* national_ngo, international_cso, cbo, academic, red_cross_red_crescent */
	char *country;
	int64_t parent_id;     /* an INGO country office's headquarters record; 0 when none */
	int64_t version;
	instant_t created_at;
	char *sort_key;        /* in a sorted list, the key it was sorted by (NULL in any other read) */
};
/* Creates the organisation and its partner record (in the caller's transaction). */
int64_t store_partner_add(struct db *db, const struct partner *p, int64_t user_id, instant_t now);
int store_partner_get(struct db *db, struct arena *a, int64_t id, struct partner *out);
/* The partners of those ids that exist (ids ascending, none repeated), ordered by id; one query
 * per DB_ID_CHUNK ids. */
int store_partners_of(struct db *db, struct arena *a, const int64_t *ids, size_t n, struct partner **out, size_t *nout);
/* The orders of a list of partners: by id (the default), or by a key with the id breaking ties,
 * ascending or descending (descending is the exact reverse: ties by id descending too). The
 * name's key is the name with A-Z folded to a-z; keys compare byte by byte on both engines. */
enum partner_sort { PARTNER_BY_ID, PARTNER_BY_NAME, PARTNER_BY_COUNTRY, PARTNER_BY_TYPE };

struct partner_filter {
	const char *q;         /* part of the name, case-insensitive */
	const char *country, *type;
	int64_t agency_id;     /* partners with a partnership with this agency (0: any) */
	int64_t after;         /* cursor: the partners after the one of this id, in the order (0: from the start) */
	int limit;
	enum partner_sort sort;
	bool descending;
	const char *after_key; /* with a sort and a cursor: the sort key of the partner `after` */
};
/* Partners in the filter's order, each with its sort_key when sorted by a key. */
int store_partners_list(struct db *db, struct arena *a, const struct partner_filter *f, struct partner **out, size_t *n);
/* Country offices whose headquarters is parent_id. */
int store_partner_children(struct db *db, struct arena *a, int64_t parent_id, struct partner **out, size_t *n);

struct partnership {
	int64_t id, partner_id, agency_id, version;
	instant_t start, end;  /* dates; end 0 when open-ended */
	char *exception_reason; /* recorded with a partner that was not eligible; NULL otherwise */
};
int64_t store_partnership_add(struct db *db, const struct partnership *p, int64_t user_id, instant_t now);
/* The partnerships of an agency (0: all), optionally of one partner (0: all), ordered by id. */
int store_partnerships_list(struct db *db, struct arena *a, int64_t agency_id, int64_t partner_id, int64_t after,
			    int limit, struct partnership **out, size_t *n);
/* Whether the agency has a partnership with the partner active on that day. */
int store_partnership_active(struct db *db, int64_t agency_id, int64_t partner_id, instant_t day, bool *active);

/* One side of one standard: answer "yes"/"no"/"na" or NULL, and a comment. */
struct answer_row {
	char *answer;
	char *comment;
	char *rated;                      /* verified side: the answer of the rating in force, NULL if none */
	int64_t updated_by;
	instant_t updated_at;
};
struct assessment {
	int64_t id, version, partner_id, lead_agency_id;
	char *status;
	int contact_with_beneficiaries;   /* -1 unanswered, 0 no, 1 yes */
	int previously_assessed;          /* -1 unanswered, 0 no, 1 yes */
	int64_t previous_agency_id;
	instant_t previous_date;
	char *previous_rating;
	char *source;                     /* "verified", or "previous" after accept-previous */
	char *rating;                     /* NULL until rated */
	int standards_met;                /* -1 when none */
	int eligible;                     /* -1 when none */
	instant_t rated_at, valid_until;
	int64_t rated_by;
	struct rating_bands bands;        /* the capacity bands the rating was given with; {0, 0}: unknown */
	instant_t decided_at;             /* when the rating was last recorded (finalized, or accepted); 0: not rated */
	int64_t created_by;
	instant_t created_at, updated_at;
	struct answer_row self[8], verified[8];   /* index 0 is standard 1 */
	int64_t *agencies;                /* participating agencies, the lead first */
	size_t nagencies;
	char *imported_from;              /* "offline_form" when brought in from the offline workbook; else NULL */
};
/* Opens an assessment for the partner with the agency as lead and sole participant, with empty
 * answer rows. STORE_ECONSTRAINT when the partner has an open assessment already. */
int64_t store_assessment_add(struct db *db, int64_t partner_id, int64_t agency_id, int64_t user_id, instant_t now);
int store_assessment_get(struct db *db, struct arena *a, int64_t id, struct assessment *out);
/* Marks the assessment as brought in from elsewhere (from: "offline_form"; migration 017). */
int store_assessment_mark_imported(struct db *db, int64_t id, const char *from);
/* The partner's open (not rated) assessment, 0 when none. */
int store_assessment_open_id(struct db *db, int64_t partner_id, int64_t *id);  /* *id 0: none */
/* The open assessments of a page of partners, in two queries whatever the page's size: each with
 * its status and agencies in store_assessment_get's order (lead first, then by joining). */
struct open_assessment_brief {
	int64_t id, partner_id;
	char *status;
	int64_t *agencies;
	size_t nagencies;
};
int store_open_assessments_of(struct db *db, struct arena *a, const int64_t *partner_ids, size_t n,
			      struct open_assessment_brief **out, size_t *nout);
/* The partner's assessments, newest first (at most 100), without answers or agencies. */
int store_assessments_of_partner(struct db *db, struct arena *a, int64_t partner_id, struct assessment **out, size_t *n);
/* Fills the agencies of assessments read by store_assessments_of_partner (the lead first, then
 * in the order they joined), in one query. */
int store_assessments_agencies_fill(struct db *db, struct arena *a, int64_t partner_id, struct assessment *xs, size_t n);
int store_assessment_has_agency(struct db *db, int64_t assessment_id, int64_t agency_id, bool *has);
int store_assessment_add_agency(struct db *db, int64_t assessment_id, int64_t agency_id, int64_t user_id, instant_t now);

/* Every write below moves the version on. Version-checked when if_version > 0 (STORE_ECONFLICT
 * when it moved on); when from_status is given, the row must still be in that status
 * (STORE_ECONFLICT otherwise), so two concurrent transitions cannot both happen. */
struct assessment_intro_row {
	int contact_with_beneficiaries, previously_assessed;  /* -1 unanswered */
	int64_t previous_agency_id;
	instant_t previous_date;
	const char *previous_rating;
};
int store_assessment_set_intro(struct db *db, int64_t id, int64_t if_version, const char *from_status,
			       const struct assessment_intro_row *in, const char *new_status, instant_t now);
/* Saves the answers of the standards listed (others untouched): side "self" or "verified";
 * set_answer[i] / set_comment[i] say which of answers[i] / comments[i] to write. */
int store_assessment_save_answers(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				  const char *side, int n, const int *standards, const bool *set_answer,
				  const char *const *answers, const bool *set_comment, const char *const *comments,
				  const char *new_status, int64_t user_id, instant_t now);
/* Changes the status only. */
int store_assessment_set_status(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				const char *new_status, instant_t now);
/* Records a rating (finalize or accept-previous) and moves to 'rated'. */
/* Finalizing (source "verified") also freezes the verified answers as the rating's (rated_answer)
 * and records the bands. decided_at: the instant of the step, which rated_at need not be (a prior
 * assessment's date; a revision that keeps the rating's date). */
struct rating_row_in {
	const char *source, *rating;
	int standards_met, eligible;     /* -1: none */
	instant_t rated_at, valid_until;
	int64_t rated_by;
	struct rating_bands bands;       /* {0, 0}: none (accepted prior assessment) */
	instant_t decided_at;
};
int store_assessment_set_rating(struct db *db, int64_t id, int64_t if_version, const char *from_status,
				const struct rating_row_in *r, instant_t now);

struct history_entry {
	int64_t id, user_id, org_id;
	instant_t at;
	char *action, *from_status, *to_status, *reason;
	char *user_name, *org_kind, *org_code, *org_name; /* who acted, for the reader; NULL when unknown */
};
int store_history_add(struct db *db, int64_t assessment_id, int64_t user_id, const char *action,
		      const char *from_status, const char *to_status, const char *reason, instant_t now);
int store_history_list(struct db *db, struct arena *a, int64_t assessment_id, struct history_entry **out, size_t *n);

struct comment_row {
	int64_t id, user_id, org_id;
	char *user_name, *text;
	instant_t created_at;
};
int64_t store_comment_add(struct db *db, int64_t assessment_id, int64_t user_id, int64_t org_id, const char *text,
			  instant_t now);
int store_comments_list(struct db *db, struct arena *a, int64_t assessment_id, int64_t after, int limit,
			struct comment_row **out, size_t *n);

struct unlock_request {
	int64_t id, assessment_id, requested_by, resolved_by;
	char *reason;
	instant_t created_at, resolved_at;
};
int64_t store_unlock_request_add(struct db *db, int64_t assessment_id, int64_t user_id, const char *reason, instant_t now);
int store_unlock_requests_list(struct db *db, struct arena *a, int64_t assessment_id, struct unlock_request **out, size_t *n);
/* Marks the open requests of the assessment as granted. */
int store_unlock_requests_resolve(struct db *db, int64_t assessment_id, int64_t user_id, instant_t now);

struct document {
	int64_t id, assessment_id, partner_id, uploaded_by, uploader_org_id;
	int standard;          /* 0 for Section 1 */
	char *kind, *title, *filename, *content_type, *sha256;
	int64_t size;
	bool approved, on_behalf;
	instant_t uploaded_at;
	int64_t activity_id;   /* evidence of this plan activity; 0: of the assessment itself */
	instant_t withdrawn_at; /* 0 while the document is part of the assessment */
	int64_t withdrawn_by;
	char *withdrawn_reason;
};
int64_t store_document_add(struct db *db, const struct document *d);
/* Any document, withdrawn or not. */
int store_document_get(struct db *db, struct arena *a, int64_t id, struct document *out);
/* The assessment's own evidence (Sections 1 and 2), withdrawn documents left out, by id. */
int store_documents_of_assessment(struct db *db, struct arena *a, int64_t assessment_id, struct document **out, size_t *n);
/* The evidence of the plan activities of the assessment, withdrawn documents left out, by id. */
int store_documents_of_activities(struct db *db, struct arena *a, int64_t assessment_id, struct document **out, size_t *n);
/* Marks the document withdrawn (the row and its file stay); STORE_ECONFLICT when it was already. */
int store_document_withdraw(struct db *db, int64_t id, int64_t user_id, const char *reason, instant_t now);

struct past_assessment {
	int64_t id, partner_id, agency_id, created_by;
	instant_t date, created_at;
	char *rating, *legacy_sea_risk;
	int legacy_sea_score;  /* 0 when none */
};
int64_t store_past_assessment_add(struct db *db, const struct past_assessment *p, instant_t now);
int store_past_assessments_of_partner(struct db *db, struct arena *a, int64_t partner_id, struct past_assessment **out, size_t *n);

/* Every rating a partner received (the input of its standing): finalized or accepted assessments
 * (rated, or rating_unlocked whose earlier rating stays in force until the new one) and migrated
 * past assessments. source: "verified", "previous" or "migrated"; answers NULL unless verified. */
struct rating_record {
	char *source;
	int64_t id, agency_id;
	instant_t rated_at;
	char *rating;
	int eligible;             /* -1 unknown */
	bool answers_in_force;    /* answers below are those of the rating */
	char *answers[8];         /* the answers of the rating as finalized, "yes"/"no"/"na" or NULL */
	struct rating_bands bands;  /* the bands it was given with; {0, 0}: unknown */
	instant_t decided_at;     /* when it was last finalized or accepted; 0: unknown */
	/* What a plan for this rating reads (assessments only): Section 1's contact with
	 * beneficiaries (-1 unanswered) and the verified answers of the rating (as finalized; while
	 * the rating is unlocked, the draft stays out of the plan). */
	int contact_with_beneficiaries;
	char *verified[8];
};
/* --- the standings of a page of partners, in a fixed number of queries whatever its size --- */
struct partner_standing_rows {
	int64_t partner_id;
	struct rating_record *ratings;  /* its assessments' ratings by id, then its migrated ones, latest first */
	size_t nratings;
	instant_t inadequate_since;     /* as store_partner_inadequate_since gives it */
};
/* out[i] for partner_ids[i]: four queries per 64 partners, each a statement parsed once. */
int store_standing_rows(struct db *db, struct arena *a, const int64_t *partner_ids, size_t n,
			struct partner_standing_rows *out);
/* Assessments awaiting an agency (submitted, verification, rating_unlocked, or with an open
 * unlock request) among those the agency takes part in; and a partner's assessments in intro or
 * self_assessment or rating_unlocked. */
struct assessment_brief { int64_t id, partner_id; char *status; char *partner_name; int open_unlock_requests; };
int store_assessments_for_agency(struct db *db, struct arena *a, int64_t agency_id, struct assessment_brief **out, size_t *n);
/* The partners an agency works with or has rated: partnerships, assessments it takes part in,
 * migrated past assessments it gave. */
int store_agency_partner_ids(struct db *db, struct arena *a, int64_t agency_id, int64_t **out, size_t *n);
int store_assessments_for_partner_brief(struct db *db, struct arena *a, int64_t partner_id, struct assessment_brief **out, size_t *n);
/* --- copying a deployment from SQLite to PostgreSQL (psea copy) --- */
struct store_copy_table {
	const char *name;
	int64_t rows, target_rows;
	char checksum[65], target_checksum[65]; /* order-independent sums of the rows' SHA-256 */
	bool verified;
};
typedef void (*store_copy_report)(const struct store_copy_table *table, void *ctx);
/* Copies every table of from (SQLite) into to (PostgreSQL), both migrated to the same version,
 * in one transaction, ids kept; then reads both back and reports each table's counts and
 * checksums. A target holding more than its migrations' seed rows is refused (STORE_ECONFLICT).
 * err says what failed. */
int store_copy(struct store *from, struct store *to, store_copy_report report, void *ctx, char *err, size_t errlen);

/* --- incidents: the allegations register and corrective-action reviews (incidents.c) --- */
#include "../domain/incident.h"
/* Writes the incident with its victim counts and measures (call inside a transaction). */
int64_t store_incident_add(struct db *db, const struct incident *inc, int64_t recorded_by);
/* The incident with its details and latest review. */
int store_incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out);
/* Rewrites every field and detail of inc (by inc->id); version-checked when if_version > 0. */
int store_incident_update(struct db *db, const struct incident *inc, int64_t if_version);
/* Incidents of one agency (0: every agency) ordered by id after `after`; at most limit. */
int store_incidents_list(struct db *db, struct arena *a, int64_t agency_id, int64_t after, int limit,
			 struct incident **out, size_t *n);
/* Calls fn for each incident of the agency received in [from, to), with its actions but without
 * victims or review: the figures need the words, instants and actions alone. */
int store_incidents_each(struct db *db, struct arena *a, int64_t agency_id, instant_t from, instant_t to,
			 void (*fn)(const struct incident *inc, void *ctx), void *ctx);
/* The agency's incidents that may call for an alert, without details, oldest first, at most
 * limit each; the domain decides which of them alert. Self-disclosures still `received`: */
int store_incident_disclosures_waiting(struct db *db, struct arena *a, int64_t agency_id, int limit,
				       struct incident **out, size_t *n);
/* and records not yet reported onward, not closed, received at or before received_until: */
int store_incident_onward_pending(struct db *db, struct arena *a, int64_t agency_id, instant_t received_until, int limit,
				  struct incident **out, size_t *n);
/* Records a corrective-action review of an incident's partner; the incident's version moves. */
int64_t store_review_add(struct db *db, int64_t incident_id, int64_t partner_id, bool adequate, const char *notes,
			 instant_t at, int64_t by);
/* The latest instant at which an incident's current review found the partner's corrective action
 * inadequate; 0 when none does. */
int store_partner_inadequate_since(struct db *db, int64_t partner_id, instant_t *since);

/* --- capacity strengthening implementation plans (CSIP): one plan per assessment --- */
struct store_csip_activity {
	int64_t id, version, plan_id, assessment_id;
	int standard;
	char *description, *responsible;
	char *status;            /* not_started, in_progress, completed */
	instant_t due_date, completed_at, created_at;
	/* completion (migration 010): completed_at/reported_by when reported, confirmed_* once an
	 * agency confirmed it, returned_* when an agency sent it back (the latest return) */
	int64_t reported_by, confirmed_by, returned_by;
	instant_t confirmed_at, returned_at;
	char *return_reason;     /* NULL when never returned */
};
struct store_csip_extension {
	int64_t id, granted_by;
	instant_t until, granted_at;
	char *reason;
};
struct store_csip {
	int64_t id, version, assessment_id;
	char *status;            /* draft, submitted, active, completed */
	instant_t created_at, submitted_at, started_at, completed_at;
	instant_t rerated_at;    /* the latest rating given again after the plan began; 0: none */
	int64_t created_by, submitted_by, approved_by;
	struct store_csip_activity *activities; /* in the order added */
	size_t nactivities;
	struct store_csip_extension *extensions; /* in the order granted */
	size_t nextensions;
};
/* The plan of an assessment with its activities and extensions; STORE_ENOTFOUND when none. */
int store_csip_get(struct db *db, struct arena *a, int64_t assessment_id, struct store_csip *out);
/* out[i]: the plan of assessment_ids[i] as store_csip_get gives it, id 0 when it has none
 * (three queries per 64 assessments at most). */
int store_csip_plans_of(struct db *db, struct arena *a, const int64_t *assessment_ids, size_t n, struct store_csip *out);
/* A new draft plan; STORE_ECONSTRAINT when the assessment has one already. */
int64_t store_csip_create(struct db *db, int64_t assessment_id, int64_t user_id, instant_t now);
/* Moves the plan to status (recording who and when for submitted, active and completed) and
 * bumps its version; version-checked when if_version > 0. */
int store_csip_set_status(struct db *db, int64_t plan_id, int64_t if_version, const char *status,
			  int64_t user_id, instant_t at);
/* Bumps the plan's version (a change to its activities or extensions); version-checked when
 * if_version > 0. */
int store_csip_touch(struct db *db, int64_t plan_id, int64_t if_version);
int64_t store_csip_activity_add(struct db *db, int64_t plan_id, const struct store_csip_activity *act,
				int64_t user_id, instant_t now);
int store_csip_activity_get(struct db *db, struct arena *a, int64_t id, struct store_csip_activity *out);
/* Writes description, responsible, due_date, status, completed_at and the completion fields
 * (reported_by, confirmed_*, returned_*) as given in act (the caller merges the old values) and
 * bumps the version; version-checked when if_version > 0. */
int store_csip_activity_update(struct db *db, const struct store_csip_activity *act, int64_t if_version);
/* Removes an activity of a plan (a draft's); STORE_ENOTFOUND when it is gone, version-checked
 * when if_version > 0. */
int store_csip_activity_delete(struct db *db, int64_t id, int64_t if_version);
/* The assessment was rated again at `at`: its plan, if any, records the instant, and a completed
 * plan becomes active again when reopen is set. STORE_ENOTFOUND when it has no plan. */
int store_csip_rerated(struct db *db, int64_t assessment_id, instant_t at, bool reopen);
/* A completed plan becomes active again (a standard left open by a later judgement takes a new
 * activity); its start and approval are kept. */
int store_csip_reopen(struct db *db, int64_t plan_id);
int64_t store_csip_extension_add(struct db *db, int64_t plan_id, instant_t until, const char *reason,
				 int64_t user_id, instant_t now);
/* Rated assessments whose plan may call for action (none yet while one is required, or one not
 * completed), of one partner and/or taken part in by one agency (0: any), ordered by id; at most
 * limit. The alerts look only at these instead of at every partner. */
int store_csip_open_assessments(struct db *db, struct arena *a, int64_t partner_id, int64_t agency_id, int limit,
				int64_t **out, size_t *n);

/* --- reports: what the coverage figures read (reports.c) --- */
/* Coverage counted in the database: per agency (every agency, in id order) the distinct partners
 * with a partnership active on `day` and those of them whose latest rating (assessed or migrated)
 * is at or after sure_from. The caller picks sure_from so that every rating since then is valid,
 * and window_from so that none before it is; the partners whose latest rating falls between the
 * two come back in *edges (one row per agency and partner, with that rating, ordered by agency
 * and partner) for the caller to decide. One pass over the active partnerships: linear in them. */
struct coverage_count {
	int64_t agency_id, active, assessed;
};
struct coverage_edge {
	int64_t agency_id, partner_id;
	instant_t rated_at;
};
int store_coverage_counts(struct db *db, struct arena *a, instant_t day, instant_t window_from, instant_t sure_from,
			  struct coverage_count **out, size_t *n, struct coverage_edge **edges, size_t *nedges);

/* --- the e-mail domains of each agency (agency_domains.c) --- */
/* The agency's domain names in alphabetical order (none: the agency accepts any address). */
int store_agency_domain_names(struct db *db, struct arena *a, int64_t agency_id, char ***out, size_t *n);
int store_agency_domain_add(struct db *db, int64_t agency_id, const char *domain); /* kept when listed already */
/* The domains a newly seeded agency starts with (its own, by code). */
int store_seed_agency_domains(struct db *db, int64_t agency_id, const char *code);

/* --- single sign-on through OpenID Connect (oidc.c) --- */
struct oidc_provider {
	int64_t id, version;
	char *name;          /* in the sign-in path: /api/v1/auth/oidc/{name}/start */
	char *display_name;  /* on the sign-in button */
	char *issuer, *client_id;
	char *secret_file, *secret_env; /* where the client secret is read from: one of the two */
	char *role;          /* given to accounts it creates */
	bool email_trusted;  /* its addresses count as verified without an email_verified claim */
	bool active;
	int64_t *agencies;   /* the agencies it serves, by id */
	size_t nagencies;
};
int64_t store_oidc_provider_add(struct db *db, const struct oidc_provider *p, instant_t now);
int store_oidc_provider_get(struct db *db, struct arena *a, int64_t id, struct oidc_provider *out);
int store_oidc_provider_by_name(struct db *db, struct arena *a, const char *name, struct oidc_provider *out);
/* Providers ordered by name, each with its agencies. */
int store_oidc_providers(struct db *db, struct arena *a, bool active_only, struct oidc_provider **out, size_t *n);
int store_oidc_provider_set_active(struct db *db, int64_t id, bool active);
/* A sign-in between the redirect to the provider and its return. */
struct oidc_login {
	char *state_hash, *browser_hash; /* SHA-256 of the state and of the browser's binding cookie */
	int64_t provider_id;
	char *nonce, *code_verifier, *next_path;
	instant_t created_at, expires_at;
};
/* Records it (and forgets those expired). */
int store_oidc_login_add(struct db *db, const struct oidc_login *l);
/* Finds and removes it in one statement: a state is good once. STORE_ENOTFOUND when unknown or used. */
int store_oidc_login_take(struct db *db, struct arena *a, const char *state_hash, struct oidc_login *out);
/* The account linked to the provider's subject, 0 when none. */
/* The account linked to the identity: its id, 0 when none, or the store's failure (negative). */
int64_t store_oidc_identity_user(struct db *db, int64_t provider_id, const char *subject);
int store_oidc_identity_add(struct db *db, int64_t provider_id, const char *subject, int64_t user_id, instant_t now);

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

/* --- an agency's screening and training figures per year (screening.c) --- */
#include "../domain/screening.h"
/* The agency's figures for the year: STORE_OK with *out filled (-1 for counts not known) and
 * *updated_at, or STORE_ENOTFOUND when none were entered. */
int store_screening_get(struct db *db, int64_t agency_id, int year, struct screening_figures *out, instant_t *updated_at);
/* Writes the agency's figures for the year, replacing those entered before. */
int store_screening_set(struct db *db, int64_t agency_id, int year, const struct screening_figures *f,
			instant_t now, int64_t user_id);

#endif
