/* assessment_json.h: the whole assessment object of API.md, with its plan and history, as the
 * assessment and plan routes answer it. */
#ifndef PSEA_API_ASSESSMENT_JSON_H
#define PSEA_API_ASSESSMENT_JSON_H
#include "psea.h"

/* The whole assessment object of API.md into *out (new reference): STORE_OK, or the store's
 * failure (*out NULL): a part that cannot be read fails the answer, never reads as empty. */
int psea_assessment_json(struct req *r, const struct assessment *x, json_t **out);
/* Answers status with the whole assessment object, or the store's failure. */
void psea_reply_assessment(struct req *r, int status, const struct assessment *x);
/* The same after a change: the assessment read again by id. */
void psea_reply_assessment_read(struct req *r, int status, int64_t id);
#endif
