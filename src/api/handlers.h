/* handlers.h: the handler of every route, grouped by the file that implements it. */
#ifndef PSEA_HANDLERS_H
#define PSEA_HANDLERS_H
#include "../http/http.h"

/* meta.c */
void health_show(struct req *r);
/* routes.c */
void openapi_show(struct req *r);
/* agencies.c */
void agencies_list(struct req *r);
void agencies_create(struct req *r);
void agencies_update(struct req *r);
/* session.c */
void session_create(struct req *r);
void session_show(struct req *r);
void session_delete(struct req *r);
void token_create(struct req *r);
void tokens_list(struct req *r);
void token_delete(struct req *r);
/* oidc.c: single sign-on; oidc_providers.c: their registration (admin) */
void oidc_public_list(struct req *r);
void oidc_start(struct req *r);
void oidc_callback(struct req *r);
void oidc_providers_list(struct req *r);
void oidc_providers_create(struct req *r);
void oidc_providers_update(struct req *r);
/* two_step.c: two-step sign-in of the caller's own account */
void two_step_show(struct req *r);
void two_step_begin(struct req *r);
void two_step_confirm(struct req *r);
void two_step_disable(struct req *r);
void session_two_step(struct req *r); /* session.c: the second step of signing in */
/* password_resets.c */
void password_reset_request(struct req *r);
void password_reset_show(struct req *r);
void password_reset_complete(struct req *r);
/* invitations.c */
void invitations_list(struct req *r);
void invitations_create(struct req *r);
void invitations_withdraw(struct req *r);
void invitation_link_show(struct req *r);
void invitation_link_accept(struct req *r);
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
void partners_assessments(struct req *r);
void partnerships_list(struct req *r);
void partnerships_create(struct req *r);
void past_assessments_create(struct req *r);
/* assessments.c */
void assessments_create(struct req *r);
void assessments_show(struct req *r);
void assessments_intro(struct req *r);
void assessments_self_submit(struct req *r);
void assessments_finalize(struct req *r);
void assessments_unlock_rating(struct req *r);
void assessments_unlock_self(struct req *r);
void assessments_unlock_request(struct req *r);
void assessments_accept_previous(struct req *r);
void assessments_join(struct req *r);
/* assessment_answers.c */
void assessments_self_save(struct req *r);
void assessments_verification_save(struct req *r);
/* assessment_comments.c */
void comments_list(struct req *r);
void comments_create(struct req *r);
/* documents.c */
void documents_upload(struct req *r);
void documents_show(struct req *r);
void documents_withdraw(struct req *r);
void documents_delete(struct req *r);
/* observation.c */
void observation_list(struct req *r);
/* A sorted list's cursor: the sort ("-name"), the id and the sort key of the partner a page
 * ended on, as text that passes unchanged in an address (allocated in a). */
const char *observation_cursor_encode(struct arena *a, const char *sort, int64_t id, const char *key);
/* Reads such a cursor; false when s is not one (a sort not allowed, a key not UTF-8 or longer
 * than 1024 bytes, an id not positive). */
bool observation_cursor_decode(struct arena *a, const char *s, const char **sort, int64_t *id, const char **key);
/* alerts.c */
void alerts_list(struct req *r);
/* incidents.c */
void incidents_list(struct req *r);
void incidents_create(struct req *r);
void incidents_show(struct req *r);
void incidents_update(struct req *r);
void incidents_review(struct req *r);
void disclosures_create(struct req *r);
/* incident_figures.c */
void reports_incidents(struct req *r);
void exports_incident_figures_csv(struct req *r);
void exports_incident_figures_xlsx(struct req *r);
/* screening.c */
void screening_show(struct req *r);
void screening_update(struct req *r);

/* csip_plan.c */
void csip_show(struct req *r);
void csip_create(struct req *r);
void csip_extend(struct req *r);
void csip_submit(struct req *r);
void csip_approve(struct req *r);
/* csip_activities.c */
void csip_activity_add(struct req *r);
void csip_activity_update(struct req *r);
void csip_activity_delete(struct req *r);
void csip_activity_confirm(struct req *r);
void csip_activity_return(struct req *r);

/* reports.c, exports.c */
void reports_coverage(struct req *r);
void reports_ratings(struct req *r);
void reports_csip(struct req *r);
void exports_observation_csv(struct req *r);
void exports_observation_xlsx(struct req *r);
/* offline_forms.c: the offline form (workbook) and the import of a filled one */
void offline_forms_workbook(struct req *r);
void offline_imports_preview(struct req *r);
void offline_imports_create(struct req *r);
void assessments_report_pdf(struct req *r);
void offline_forms_assessment_pdf(struct req *r);

#endif
