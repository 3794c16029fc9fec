/* exports.c: the observation list as CSV and XLSX, and one assessment as a PDF report. The files
 * are written to <data>/tmp a page of partners at a time and streamed from there (export.h). */
#include <stdlib.h>
#include <string.h>
#include "export.h"
#include "handlers.h"
#include "psea.h"

int reports_each_partner(struct req *r, int64_t agency_id,
			 void (*fn)(struct req *r, const struct partner *p, const struct standing *s, void *ctx), void *ctx);

struct export_ctx {
	struct observation_sink *sink;
	bool failed;
};

static void write_partner(struct req *r, const struct partner *p, const struct standing *s, void *ctx)
{
	struct export_ctx *e = ctx;
	bool in_force = s->status == STANDING_VALID || s->status == STANDING_EXPIRING;
	struct observation_row row = {
		.partner_id = p->id, .name = p->name, .country = p->country, .type = p->type,
		.standing = standing_status_name(s->status),
		.rating = in_force ? capacity_name(s->capacity) : NULL,
		.eligible = in_force ? s->eligible : -1,
		.rated_at = s->rated_at, .valid_until = s->valid_until,
	};
	struct org agency;
	if (s->record && store_org_get(r->db, &r->arena, s->record->agency_id, &agency) == STORE_OK)
		row.assessed_by = agency.code;
	for (int k = 0; k < STANDARD_COUNT; k++)
		row.standards[k] = in_force && s->record && s->record->has_answers ? answer_name(s->met[k]) : NULL;
	/* a rating without answers per standard still shows what a corrective-action review decided */
	if (in_force && s->met[STANDARD_CORRECTIVE_ACTION - 1] == ANSWER_NO)
		row.standards[STANDARD_CORRECTIVE_ACTION - 1] = "no";
	if (observation_sink_row(e->sink, &row) != 0)
		e->failed = true;
}

static void export_observation(struct req *r, bool xlsx)
{
	enum role role = api_role(r);
	if (!api_allow(r, role_is_agency(role) || role == ROLE_ADMIN))
		return;
	char *path = export_tmp_path(r);
	char *tmpdir = arena_printf(&r->arena, "%s/tmp", req_data_dir(r));
	struct export_ctx e = {.sink = !path ? NULL : xlsx ? observation_xlsx_open(path, tmpdir) : observation_csv_open(path)};
	if (!e.sink) {
		reply_problem(r, 500, "internal_error", "The export file could not be created.", NULL);
		return;
	}
	int rc = reports_each_partner(r, 0, write_partner, &e);
	if (observation_sink_close(e.sink) != 0 || e.failed) {
		reply_problem(r, 500, "internal_error", "The export file could not be written.", NULL);
		return;
	}
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	api_audit(r, "observation", 0, xlsx ? "export_xlsx" : "export_csv");
	if (xlsx)
		export_send(r, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "observation.xlsx");
	else
		export_send(r, path, "text/csv; charset=utf-8", "observation.csv");
}

void exports_observation_csv(struct req *r) { export_observation(r, false); }
void exports_observation_xlsx(struct req *r) { export_observation(r, true); }

static const char *agency_code(struct req *r, int64_t id)
{
	struct org o;
	return id && store_org_get(r->db, &r->arena, id, &o) == STORE_OK ? (o.code ? o.code : o.name) : NULL;
}

void assessments_report_pdf(struct req *r)
{
	struct assessment x;
	if (!psea_load(r, 0, ASSESS_READ, &x))
		return;
	struct partner p;
	int rc = store_partner_get(r->db, &r->arena, x.partner_id, &p);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return;
	}
	struct assessment_report rep = {
		.id = x.id, .partner_name = p.name, .partner_country = p.country, .partner_type = p.type,
		.lead_agency = agency_code(r, x.lead_agency_id), .status = x.status, .rating = x.rating,
		.standards_met = x.standards_met, .eligible = x.eligible, .rated_at = x.rated_at,
		.valid_until = x.valid_until, .generated_at = r->now,
		.contact_with_beneficiaries = x.contact_with_beneficiaries,
	};
	char *agencies = "";
	for (size_t i = 0; i < x.nagencies; i++)
		agencies = arena_printf(&r->arena, "%s%s%s", agencies, i ? ", " : "", agency_code(r, x.agencies[i]));
	rep.agencies = agencies;
	for (int k = 0; k < STANDARD_COUNT; k++) {
		struct report_standard *s = &rep.standards[k];
		s->title = standard_title(k + 1);
		s->self_answer = x.self[k].answer;
		s->self_comment = x.self[k].comment;
		s->verified_answer = x.verified[k].answer;
		s->verified_comment = x.verified[k].comment;
		int a = answer_parse(x.verified[k].answer);
		s->met = x.rating && a > 0 ? (standard_met(k + 1, (enum answer)a) ? "yes" : "no") : NULL;
	}
	/* When this assessment's rating is the partner's standing in force, the report shows the
	 * standing: plan progress and a corrective-action review after the rating change it. */
	struct standing st;
	if (psea_standing(r, x.partner_id, &st) == STORE_OK && st.record && st.record->id == x.id &&
	    st.record->source == RATING_SOURCE_VERIFIED && (st.status == STANDING_VALID || st.status == STANDING_EXPIRING)) {
		rep.rating = capacity_name(st.capacity);
		rep.standards_met = st.standards_met;
		rep.eligible = st.eligible;
		instant_t inadequate = store_partner_inadequate_since(r->db, x.partner_id);
		rep.corrective_action_inadequate = inadequate > st.rated_at;
		for (int k = 0; k < STANDARD_COUNT && st.record->has_answers; k++)
			rep.standards[k].met = standard_met(k + 1, st.met[k]) ? "yes" : "no";
	}
	char *path = export_tmp_path(r);
	if (!path || assessment_report_pdf(path, report_font_path(), &rep) != 0) {
		reply_problem(r, 500, "internal_error", "The report could not be written.", NULL);
		return;
	}
	api_audit(r, "assessment", x.id, "report_pdf");
	export_send(r, path, "application/pdf", arena_printf(&r->arena, "assessment-%lld.pdf", (long long)x.id));
}
