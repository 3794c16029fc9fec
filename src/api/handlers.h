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
void users_show(struct req *r);
void users_update(struct req *r);
void audit_list(struct req *r);
/* settings.c */
void settings_list(struct req *r);
void settings_update(struct req *r);

/* partners.c */
void partners_list(struct req *r);
void partners_create(struct req *r);
void partners_show(struct req *r);
void partnerships_list(struct req *r);
void partnerships_create(struct req *r);
void past_assessments_create(struct req *r);
/* assessments.c */
void assessments_create(struct req *r);
void assessments_show(struct req *r);
void assessments_intro(struct req *r);
void assessments_self_save(struct req *r);
void assessments_self_submit(struct req *r);
void assessments_verification_save(struct req *r);
void assessments_finalize(struct req *r);
void assessments_unlock_rating(struct req *r);
void assessments_unlock_self(struct req *r);
void assessments_unlock_request(struct req *r);
void assessments_accept_previous(struct req *r);
void assessments_join(struct req *r);
void comments_list(struct req *r);
void comments_create(struct req *r);
/* documents.c */
void documents_upload(struct req *r);
void documents_show(struct req *r);
/* observation.c */
void observation_list(struct req *r);
/* alerts.c */
void alerts_list(struct req *r);
/* The caller's alerts as a JSON array (new reference), from r->db, r->user, r->now and r->arena
 * alone: also computed outside a request, for the e-mail copy. */
json_t *alerts_for(struct req *r);
/* incidents.c */
void incidents_list(struct req *r);
void incidents_create(struct req *r);
void incidents_show(struct req *r);
void incidents_update(struct req *r);
void incidents_review(struct req *r);
void disclosures_create(struct req *r);
void reports_incidents(struct req *r);
void exports_incident_figures_csv(struct req *r);

/* csip.c */
void csip_show(struct req *r);
void csip_create(struct req *r);
void csip_activity_add(struct req *r);
void csip_activity_update(struct req *r);
void csip_extend(struct req *r);
void csip_submit(struct req *r);
void csip_approve(struct req *r);

/* reports.c, exports.c */
void reports_coverage(struct req *r);
void reports_ratings(struct req *r);
void reports_csip(struct req *r);
void exports_observation_csv(struct req *r);
void exports_observation_xlsx(struct req *r);
void assessments_report_pdf(struct req *r);

#endif
