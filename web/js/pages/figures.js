// figures.js: the figures agencies report upward: coverage per agency, ratings by capacity and
// eligibility, standings expiring, and (for focal points) the register's yearly figures. Each
// chart is an SVG drawn here, with the same numbers in a table beside it for screen readers
// and for copying.
import { get, put } from '../api.js';
import { t } from '../i18n.js';
import { h, select, textInput, showProblem, clearErrors, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { INCIDENT_TYPES } from './incidents.js';

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
	const el = document.createElementNS(SVG, tag);
	for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
	for (const c of children) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	return el;
}

function percentText(p) { return new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(p) + '%'; }

// Horizontal bars: rows of {label, segments: [{value, tone, name}], text}; max is the scale's end.
export function barChart({ id, title, rows, max, width = 640, labelWidth = 150 }) {
	const rowHeight = 30, textWidth = 170, gap = 8;
	const plot = width - labelWidth - textWidth;
	const height = rows.length * (rowHeight + gap) + gap;
	const svg = s('svg', { id, class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title` },
		s('title', { id: `${id}-title` }, title));
	rows.forEach((row, i) => {
		const y = gap + i * (rowHeight + gap);
		svg.append(s('text', { x: labelWidth - 8, y: y + rowHeight / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'chart__label' }, row.label));
		svg.append(s('rect', { x: labelWidth, y, width: plot, height: rowHeight, class: 'chart__track' }));
		let x = labelWidth;
		for (const seg of row.segments) {
			const w = max > 0 ? (seg.value / max) * plot : 0;
			if (w > 0) svg.append(s('rect', { x, y, width: w, height: rowHeight, class: `chart__bar chart__bar--${seg.tone}` }, s('title', {}, `${seg.name}: ${seg.value}`)));
			x += w;
		}
		svg.append(s('text', { x: labelWidth + plot + 8, y: y + rowHeight / 2, 'dominant-baseline': 'middle', class: 'chart__value' }, row.text));
	});
	return svg;
}

function dataTable(id, caption, head, rows) {
	return h('details', { class: 'details' }, h('summary', {}, t('figures.show_table')),
		h('table', { class: 'table', id },
			h('caption', { class: 'visually-hidden' }, caption),
			h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
			h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c))))))));
}

function legend(items) {
	return h('ul', { class: 'chart-legend' }, items.map(([tone, text]) => h('li', {}, h('span', { class: `chart-legend__key chart__bar--${tone}`, 'aria-hidden': 'true' }), text)));
}

function coverageSection(data) {
	const items = (data.items || []).filter((i) => i.active_partners > 0);
	const text = (i) => t('figures.coverage_text', { percent: percentText(i.percent), n: fmt.number(i.assessed), of: fmt.number(i.active_partners) });
	return h('section', { class: 'section', 'aria-labelledby': 'coverage-heading' },
		h('h2', { class: 'heading-m', id: 'coverage-heading' }, t('figures.coverage_title')),
		h('p', { class: 'hint' }, t('figures.coverage_hint')),
		items.length ? [
			barChart({ id: 'coverage-chart', title: t('figures.coverage_title'), max: 100,
				rows: items.map((i) => ({ label: i.agency.code, text: text(i), segments: [{ value: i.percent, tone: 'green', name: t('figures.assessed') }] })) }),
			dataTable('coverage-table', t('figures.coverage_title'), [t('figures.agency'), t('figures.active_partners'), t('figures.assessed'), t('figures.percent')],
				items.map((i) => [i.agency.code, fmt.number(i.active_partners), fmt.number(i.assessed), percentText(i.percent)])),
		] : h('p', { class: 'empty' }, t('figures.no_partnerships')));
}

function ratingsSection(data) {
	const caps = ['full', 'medium', 'low'];
	const both = data.by_capacity_and_eligibility || {};
	const max = Math.max(1, ...caps.map((c) => data.by_capacity[c] || 0));
	const standings = ['valid', 'expiring', 'expired', 'not_assessed'];
	return h('section', { class: 'section', 'aria-labelledby': 'ratings-heading' },
		h('h2', { class: 'heading-m', id: 'ratings-heading' }, t('figures.ratings_title')),
		h('p', { class: 'hint' }, t('figures.ratings_hint', { n: fmt.number(data.partners) })),
		barChart({ id: 'ratings-chart', title: t('figures.ratings_title'), max,
			rows: caps.map((c) => ({ label: t(`rating.${c}`), text: fmt.number(data.by_capacity[c] || 0),
				segments: [{ value: (both[c] || {}).eligible || 0, tone: 'green', name: t('eligible.yes') },
					{ value: (both[c] || {}).not_eligible || 0, tone: 'red', name: t('eligible.no') }] })) }),
		legend([['green', t('eligible.yes')], ['red', t('eligible.no')]]),
		dataTable('ratings-table', t('figures.ratings_title'), [t('partner.rating'), t('eligible.yes'), t('eligible.no')],
			caps.map((c) => [t(`rating.${c}`), fmt.number((both[c] || {}).eligible || 0), fmt.number((both[c] || {}).not_eligible || 0)])),
		h('h3', { class: 'heading-s' }, t('figures.standings_title')),
		h('dl', { class: 'summary-list', id: 'standings' }, standings.map((k) => h('div', { class: 'summary-list__row' },
			h('dt', { class: 'summary-list__key' }, fmt.word('standing', k)),
			h('dd', { class: 'summary-list__value' }, fmt.number((data.standings || {})[k] || 0))))));
}

function plansSection(data) {
	if (!data || !data.plans) return null;
	return h('section', { class: 'section', 'aria-labelledby': 'plans-heading' },
		h('h2', { class: 'heading-m', id: 'plans-heading' }, t('figures.plans_title')),
		h('dl', { class: 'summary-list', id: 'plans' }, ['active', 'overdue', 'completed'].map((k) => h('div', { class: 'summary-list__row' },
			h('dt', { class: 'summary-list__key' }, t(`figures.plans_${k}`)),
			h('dd', { class: 'summary-list__value' }, fmt.number(data.plans[k] || 0))))));
}

const OUTCOMES = ['substantiated', 'not_substantiated', 'under_investigation', 'closed_without_finding'];
const ACTION_GROUPS = ['dismissal', 'contract_ended', 'referral_to_national_authorities', 'other'];
const PERSONNEL = ['agency_staff', 'agency_related_personnel', 'implementing_partner', 'other'];

// One bar per word: the bar's length is the count, and the label and count are written beside it.
function countChart(id, title, words, counts, label, labelWidth = 250) {
	const max = Math.max(1, ...words.map((k) => counts[k] || 0));
	return h('figure', { class: 'chart-figure' },
		h('figcaption', { class: 'heading-s' }, title),
		barChart({ id, title, max, labelWidth, width: 450 + labelWidth, rows: words.map((k) => ({ label: label(k), text: fmt.number(counts[k] || 0),
			segments: [{ value: counts[k] || 0, tone: 'blue', name: label(k) }] })) }));
}

function daysText(n) { return n === null || n === undefined ? t('common.none') : t('figures.days', { n: fmt.number(n) }); }

// Every figure of the year in one table, in the order agencies report them.
function registerTable(data) {
	const row = (label, value, id) => h('tr', id ? { id } : {}, h('th', { scope: 'row' }, label), h('td', {}, value));
	const group = (title) => h('tr', {}, h('th', { scope: 'rowgroup', colspan: '2', class: 'table__group' }, title));
	const onward = data.reported_within_36h;
	const days = data.investigation_days;
	const typeWord = (k) => fmt.word('incident_type', k);
	return h('table', { class: 'table', id: 'incident-figures-table' },
		h('caption', { class: 'heading-s' }, t('figures.register_table', { year: data.year })),
		h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('figures.figure')), h('th', { scope: 'col' }, t('figures.value')))),
		h('tbody', {},
			row(t('figures.total'), fmt.number(data.total ?? 0), 'figure-total'),
			group(t('figures.by_type')),
			INCIDENT_TYPES.map((k) => row(typeWord(k), fmt.number(data.by_type[k] || 0))),
			group(t('figures.by_personnel')),
			PERSONNEL.map((k) => row(t(`personnel_category.${k}`), fmt.number((data.by_personnel_category || {})[k] || 0), `figure-personnel-${k}`)),
			group(t('figures.partners_group')),
			row(t('figures.pertaining'), fmt.number(data.pertaining_to_partners ?? 0), 'figure-pertaining'),
			row(t('figures.self_disclosed'), fmt.number(data.self_disclosed ?? 0), 'figure-self-disclosed'),
			group(t('figures.outcomes')),
			OUTCOMES.map((k) => row(fmt.word('incident_outcome', k), fmt.number((data.outcomes || {})[k] || 0), `figure-outcome-${k}`)),
			group(t('figures.actions')),
			ACTION_GROUPS.map((k) => row(fmt.word('incident_action', k), fmt.number((data.actions || {})[k] || 0), `figure-action-${k}`)),
			group(t('figures.timeliness')),
			row(t('figures.onward', { hours: data.target_hours }), onward.of
				? t('figures.coverage_text', { percent: percentText(onward.percent), n: fmt.number(onward.count), of: fmt.number(onward.of) })
				: t('common.none'), 'figure-onward'),
			row(t('figures.average_days'), daysText(days.average), 'figure-average'),
			row(t('figures.median_days'), daysText(days.median), 'figure-median'),
			row(t('figures.longest_days'), daysText(days.longest), 'figure-longest')));
}

async function incidentsSection(year) {
	let data;
	try { data = await get(`/reports/incidents?year=${year}`); } catch { return null; }
	const thisYear = new Date().getUTCFullYear();
	const years = [];
	for (let y = thisYear; y >= thisYear - 9; y--) years.push([String(y), String(y)]);
	const picker = select({ id: 'figures-year', label: t('figures.year'), value: String(year), options: years });
	picker.querySelector('select').addEventListener('change', (e) => app.navigate(`/figures?year=${e.target.value}`));
	return h('section', { class: 'section', 'aria-labelledby': 'incident-figures-heading' },
		h('h2', { class: 'heading-m', id: 'incident-figures-heading' }, t('figures.incidents_title', { agency: data.agency ? data.agency.code : '' })),
		picker,
		h('p', { class: 'button-group' },
			h('a', { href: `/api/v1/exports/incidents-figures.csv?year=${data.year}`, class: 'button button--secondary',
				id: 'export-incident-figures', download: '' }, t('figures.export_incident_figures')),
			h('a', { href: `/api/v1/exports/incidents-figures.xlsx?year=${data.year}`, class: 'button button--secondary',
				id: 'export-incident-figures-xlsx', download: '' }, t('figures.export_incident_figures_xlsx'))),
		countChart('incidents-chart', t('figures.by_type'), INCIDENT_TYPES, data.by_type, (k) => fmt.word('incident_type', k)),
		countChart('personnel-chart', t('figures.by_personnel'), PERSONNEL, data.by_personnel_category || {}, (k) => t(`personnel_category.${k}`)),
		countChart('partners-chart', t('figures.partners_group'), ['pertaining', 'self_disclosed'],
			{ pertaining: data.pertaining_to_partners || 0, self_disclosed: data.self_disclosed || 0 }, (k) => t(`figures.${k}`), 320),
		countChart('outcomes-chart', t('figures.outcomes'), OUTCOMES, data.outcomes || {}, (k) => fmt.word('incident_outcome', k)),
		countChart('actions-chart', t('figures.actions'), ACTION_GROUPS, data.actions || {}, (k) => fmt.word('incident_action', k)),
		countChart('onward-chart', t('figures.onward', { hours: data.target_hours }), ['within', 'late'],
			{ within: data.reported_within_36h.count, late: data.reported_within_36h.of - data.reported_within_36h.count }, (k) => t(`figures.onward_${k}`)),
		countChart('days-chart', t('figures.investigation_days_chart'), ['average', 'median', 'longest'],
			{ average: data.investigation_days.average || 0, median: data.investigation_days.median || 0, longest: data.investigation_days.longest || 0 },
			(k) => t(`figures.${k}_days`)),
		registerTable(data),
		h('p', { class: 'hint' }, t('figures.six_months')),
		screeningSection(data));
}

// The agency's screening and training figures of the year, beside the register's: what was
// entered, and a form for the focal point to enter or correct it. Counts only, never names.
const SCREENING_FIELDS = ['personnel_screened', 'screened_out', 'people_to_train', 'people_trained'];

function screeningFigures(st) {
	const count = (n) => (n === null || n === undefined ? t('figures.not_entered') : fmt.number(n));
	const share = (p) => (p === null || p === undefined ? t('common.none') : percentText(p));
	const row = (id, key, value) => h('div', { class: 'summary-list__row', id },
		h('dt', { class: 'summary-list__key' }, key), h('dd', { class: 'summary-list__value' }, value));
	return h('dl', { class: 'summary-list', id: 'screening-figures' },
		SCREENING_FIELDS.map((k) => row(`figure-${k.replaceAll('_', '-')}`, t(`figures.${k}`), count(st[k]))),
		row('figure-screened-out-percent', t('figures.screened_out_percent'), share(st.screened_out_percent)),
		row('figure-training-percent', t('figures.training_percent'), share(st.training_percent)));
}

function screeningSection(data) {
	const empty = { personnel_screened: null, screened_out: null, people_to_train: null, people_trained: null };
	let current = data.screening_training || empty;
	const shown = h('div', {}, screeningFigures(current));
	const status = h('div', { 'aria-live': 'polite' });
	const inputs = SCREENING_FIELDS.map((k) => textInput({ id: `screening-${k.replaceAll('_', '-')}`, field: k, label: t(`figures.${k}`),
		hint: t(`figures.${k}_hint`), value: current[k] ?? '', width: 'input--10', attrs: { inputmode: 'numeric' } }));
	const form = h('form', { id: 'screening-form', novalidate: true },
		h('h3', { class: 'heading-s' }, t('figures.screening_enter', { year: data.year })),
		h('p', { class: 'hint' }, t('figures.screening_form_hint')),
		inputs,
		h('button', { type: 'submit', class: 'button', id: 'screening-save' }, t('figures.screening_save')));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		status.replaceChildren();
		const body = {};
		for (const k of SCREENING_FIELDS) {
			const text = form.querySelector(`#screening-${k.replaceAll('_', '-')}`).value.trim();
			// a whole number goes as a number; anything else as typed, for the server to name
			body[k] = text === '' ? null : /^\d+$/.test(text) ? Number(text) : text;
		}
		try {
			current = await put(`/agencies/${data.agency.id}/screening-training/${data.year}`, body);
			shown.replaceChildren(screeningFigures(current));
			const done = notice(t('figures.screening_saved'), 'success');
			done.id = 'screening-saved';
			status.append(done);
		} catch (err) {
			showProblem(form, err);
		}
	});
	return h('section', { class: 'section', 'aria-labelledby': 'screening-heading' },
		h('h2', { class: 'heading-m', id: 'screening-heading' }, t('figures.screening_title', { agency: data.agency ? data.agency.code : '', year: data.year })),
		h('p', { class: 'hint' }, t('figures.screening_hint')),
		shown, status, form);
}

export async function render(root, { query }) {
	if (!app.isAgency() && !app.can('admin')) {
		const notfound = await import('./notfound.js');
		return notfound.render(root, {});
	}
	const year = /^\d{4}$/.test(query.year || '') ? Number(query.year) : new Date().getUTCFullYear();
	const [coverage, ratings, plans] = await Promise.all([get('/reports/coverage'), get('/reports/ratings'), get('/reports/csip')]);
	root.append(...[
		h('h1', { class: 'heading-l' }, t('figures.title')),
		h('p', { class: 'lead' }, t('figures.lead')),
		h('p', { class: 'button-group' },
			h('a', { href: '/api/v1/exports/observation.csv', class: 'button button--secondary', id: 'export-csv', download: '' }, t('figures.export_csv')),
			h('a', { href: '/api/v1/exports/observation.xlsx', class: 'button button--secondary', id: 'export-xlsx', download: '' }, t('figures.export_xlsx'))),
		coverageSection(coverage),
		ratingsSection(ratings),
		plansSection(plans),
		app.can('agency_focal_point', 'admin') ? await incidentsSection(year) : null,
	].filter(Boolean));
}
