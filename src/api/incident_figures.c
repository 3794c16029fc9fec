/* incident_figures.c: the yearly figures of an agency's allegations register (API.md, incident
 * reports), as JSON, CSV and XLSX. Like the register, they are its focal points' and the
 * administrators' alone, and every read is written to the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"
#include "../util/csv.h"
#include "export.h"
#include "handlers.h"
#include "incidents.h"
#include "screening.h"
#include "../domain/incident.h"

struct figures_ctx {
	struct incident_figures figures;
	int64_t hours;
	instant_t now;
	struct arena *arena;
	int64_t *days; /* every concluded investigation's days, for the median */
	size_t ndays, days_cap;
};

static void add_to_figures(const struct incident *inc, void *ctx)
{
	struct figures_ctx *c = ctx;
	incident_figures_add(&c->figures, inc, c->hours, c->now);
	int64_t days = incident_investigation_days(inc);
	if (days < 0)
		return;
	c->days = arena_grow(c->arena, c->days, &c->days_cap, c->ndays, sizeof *c->days);
	c->days[c->ndays++] = days;
}

static json_t *number_or_null(double v) { return v < 0 ? json_null() : json_real(v); }

/* Reads ?year= and the agency (a focal point's own; an administrator's ?agency_id= or own) and
 * computes the figures. Answers the error itself and returns false when it cannot. */
static bool figures_compute(struct req *r, struct org *agency, int *year, struct figures_ctx *ctx)
{
	int64_t agency_id = incidents_register_scope(r);
	if (agency_id < 0) {
		reply_problem(r, 404, "not_found", "There is no such object.", NULL);
		return false;
	}
	const char *year_text = req_query(r, "year");
	*year = incident_year_of(r->now);
	if (year_text) {
		char *end;
		long y = strtol(year_text, &end, 10);
		if (!*year_text || *end || y < 1970 || y > 9999) {
			reply_problem(r, 400, "bad_parameter", "year must be a year such as 2026.", NULL);
			return false;
		}
		*year = (int)y;
	}
	/* An administrator sees any agency's figures: ?agency_id=, or its own agency's. */
	if (!agency_id) {
		const char *a = req_query(r, "agency_id");
		agency_id = a ? strtoll(a, NULL, 10) : strcmp(r->user->org.kind, "agency") == 0 ? r->user->org.id : 0;
	}
	if (agency_id <= 0 || store_org_get(r->db, &r->arena, agency_id, agency) != STORE_OK ||
	    strcmp(agency->kind, "agency") != 0) {
		reply_problem(r, 400, "bad_parameter", "agency_id must name an agency.", NULL);
		return false;
	}
	*ctx = (struct figures_ctx){.now = r->now, .arena = &r->arena};
	if (!incidents_onward_hours(r, &ctx->hours))
		return false;
	incident_figures_init(&ctx->figures);
	int rc = store_incidents_each(r->db, &r->arena, agency_id, incident_year_start(*year),
				      incident_year_start(*year + 1), add_to_figures, ctx);
	if (rc != STORE_OK) {
		api_store_failed(r, rc);
		return false;
	}
	incident_figures_finish(&ctx->figures);
	ctx->figures.median_days = incident_median_days(ctx->days, ctx->ndays);
	return true;
}

static json_t *counts_json(const char *const *words, const int64_t *counts)
{
	json_t *o = json_object();
	for (size_t i = 0; words[i]; i++)
		json_object_set_new(o, words[i], json_integer(counts[i]));
	return o;
}

void reports_incidents(struct req *r)
{
	struct org agency;
	int year;
	struct figures_ctx ctx;
	if (!figures_compute(r, &agency, &year, &ctx))
		return;
	const struct incident_figures *f = &ctx.figures;
	if (!api_record(r, "incident_report", agency.id, "read"))
		return;
	json_t *out = json_pack("{s:o, s:i, s:I, s:o, s:{s:I, s:I, s:o}, s:{s:o, s:o, s:I, s:o}}",
		"agency", api_org_json(&agency), "year", year, "target_hours", (json_int_t)ctx.hours,
		"by_type", counts_json(incident_types, f->by_type),
		"reported_within_36h", "count", (json_int_t)f->within_target, "of", (json_int_t)f->judged,
		"percent", number_or_null(f->within_percent),
		"investigation_days", "average", number_or_null(f->average_days),
		"longest", f->longest_days < 0 ? json_null() : json_integer(f->longest_days),
		"concluded", (json_int_t)f->concluded, "median", number_or_null(f->median_days));
	json_object_set_new(out, "total", json_integer(f->total));
	json_object_set_new(out, "by_personnel_category", counts_json(incident_personnel_categories, f->by_personnel_category));
	json_object_set_new(out, "pertaining_to_partners", json_integer(f->pertaining_to_partners));
	json_object_set_new(out, "self_disclosed", json_integer(f->self_disclosed));
	json_object_set_new(out, "outcomes", counts_json(incident_outcomes, f->outcomes));
	json_object_set_new(out, "actions", counts_json(incident_action_groups, f->actions));
	/* the agency's screening and training figures of the year, shown beside the register's */
	struct screening_figures sf;
	instant_t updated_at;
	if (!screening_read(r, agency.id, year, &sf, &updated_at)) {
		json_decref(out);
		return;
	}
	json_t *screening = screening_json(&agency, year, &sf, updated_at);
	json_object_del(screening, "agency");
	json_object_del(screening, "year");
	json_object_set_new(out, "screening_training", screening);
	reply_json(r, 200, out);
}

/* The same figures as files, one figure a row: agency,year,figure,item,value. Codes, not words:
 * the files are read by programs and spreadsheets; the interface's table gives the words. The
 * agency's screening and training figures follow the register's. */
struct figure_list {
	struct arena *arena;
	struct figure_row *rows;
	size_t n, cap;
};

static void fig_row(struct figure_list *l, const char *figure, const char *item, const char *value)
{
	l->rows = arena_grow(l->arena, l->rows, &l->cap, l->n, sizeof *l->rows);
	l->rows[l->n++] = (struct figure_row){figure, item, value};
}

/* A count, empty when it is not known (negative). */
static void fig_count(struct figure_list *l, const char *figure, const char *item, int64_t n)
{
	fig_row(l, figure, item, n < 0 ? "" : arena_printf(l->arena, "%lld", (long long)n));
}

static void fig_counts(struct figure_list *l, const char *figure, const char *const *words, const int64_t *counts)
{
	for (size_t i = 0; words[i]; i++)
		fig_count(l, figure, words[i], counts[i]);
}

/* A one-decimal figure, empty when there is nothing to measure. */
static void fig_decimal(struct figure_list *l, const char *figure, const char *item, double v)
{
	fig_row(l, figure, item, v < 0 ? "" : arena_printf(l->arena, "%.1f", v));
}

/* Every figure of the agency's year, register and screening; false after answering. */
static bool figure_rows(struct req *r, struct org *agency, int *year, struct figure_list *l)
{
	struct figures_ctx ctx;
	struct screening_figures s;
	instant_t updated_at;
	if (!figures_compute(r, agency, year, &ctx) || !screening_read(r, agency->id, *year, &s, &updated_at))
		return false;
	const struct incident_figures *f = &ctx.figures;
	*l = (struct figure_list){.arena = &r->arena};
	fig_count(l, "total", "", f->total);
	fig_counts(l, "by_type", incident_types, f->by_type);
	fig_counts(l, "by_personnel_category", incident_personnel_categories, f->by_personnel_category);
	fig_count(l, "pertaining_to_partners", "", f->pertaining_to_partners);
	fig_count(l, "self_disclosed", "", f->self_disclosed);
	fig_counts(l, "outcomes", incident_outcomes, f->outcomes);
	fig_counts(l, "actions", incident_action_groups, f->actions);
	fig_count(l, "reported_within_target", "count", f->within_target);
	fig_count(l, "reported_within_target", "of", f->judged);
	fig_decimal(l, "reported_within_target", "percent", f->within_percent);
	fig_count(l, "reported_within_target", "target_hours", ctx.hours);
	fig_count(l, "investigation_days", "concluded", f->concluded);
	fig_decimal(l, "investigation_days", "average", f->average_days);
	fig_decimal(l, "investigation_days", "median", f->median_days);
	fig_count(l, "investigation_days", "longest", f->longest_days);
	fig_count(l, "screening", "personnel_screened", s.screened);
	fig_count(l, "screening", "screened_out", s.screened_out);
	fig_decimal(l, "screening", "screened_out_percent", screening_out_percent(&s));
	fig_count(l, "training", "people_to_train", s.to_train);
	fig_count(l, "training", "people_trained", s.trained);
	fig_decimal(l, "training", "percent", screening_training_percent(&s));
	return true;
}

void exports_incident_figures_csv(struct req *r)
{
	struct org agency;
	int year;
	struct figure_list l;
	if (!figure_rows(r, &agency, &year, &l))
		return;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		reply_problem(r, 500, "internal_error", "The export could not be written.", NULL);
		return;
	}
	static const char *const header[] = {"agency", "year", "figure", "item", "value"};
	bool failed = csv_write_row(f, header, 5) < 0;
	const char *year_text = arena_printf(&r->arena, "%d", year);
	for (size_t i = 0; i < l.n && !failed; i++) {
		const char *fields[] = {agency.code, year_text, l.rows[i].figure, l.rows[i].item, l.rows[i].value};
		failed = csv_write_row(f, fields, 5) < 0;
	}
	if (fclose(f) != 0 || failed) {
		free(text);
		reply_problem(r, 500, "internal_error", "The export could not be written.", NULL);
		return;
	}
	char *body = arena_alloc(&r->arena, len + 1);
	memcpy(body, text, len + 1);
	free(text);
	if (!api_record(r, "incident_report", agency.id, "export_csv"))
		return;
	reply_header(r, "Content-Disposition",
		     arena_printf(&r->arena, "attachment; filename=\"incident-figures-%d.csv\"", year));
	reply_bytes(r, 200, "text/csv; charset=utf-8", body, len);
}

void exports_incident_figures_xlsx(struct req *r)
{
	struct org agency;
	int year;
	struct figure_list l;
	if (!figure_rows(r, &agency, &year, &l))
		return;
	char *path = export_tmp_path(r);
	if (!path || figures_xlsx(path, agency.code, year, l.rows, l.n) != 0) {
		reply_problem(r, 500, "internal_error", "The export could not be written.", NULL);
		return;
	}
	if (!api_record(r, "incident_report", agency.id, "export_xlsx"))
		return;
	export_send(r, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    arena_printf(&r->arena, "incident-figures-%d.xlsx", year));
}
