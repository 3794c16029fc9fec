/* handlers.h: the handler of every route, grouped by the file that implements it. */
#ifndef PSEA_HANDLERS_H
#define PSEA_HANDLERS_H
#include "../http/http.h"

/* meta.c */
void health_show(struct req *r);
void openapi_show(struct req *r);
void agencies_list(struct req *r);
/* session.c */
void session_create(struct req *r);
void session_show(struct req *r);
void session_delete(struct req *r);
void token_create(struct req *r);
void token_delete(struct req *r);
/* users.c */
void users_list(struct req *r);
void users_create(struct req *r);
void users_update(struct req *r);
void audit_list(struct req *r);

/* incidents.c */
void incidents_list(struct req *r);
void incidents_create(struct req *r);
void incidents_show(struct req *r);
void incidents_update(struct req *r);
void incidents_review(struct req *r);
void disclosures_create(struct req *r);
void reports_incidents(struct req *r);

#endif
