// alerts.js: the alerts of one kind (/alerts?kind=...), each with a link to where the awaited
// step is taken; the home page counts them by kind and links here. Also who acts on which kind:
// an agency person is shown only the alerts their role lets them act on.
import { get } from '../api.js';
import { t } from '../i18n.js';
import { h, add, tag } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';

// Where each kind of alert leads: straight to the page where the awaited step is taken.
const ALERT_PAGES = { intro_to_fill: '/intro', fill_intro: '/intro', self_assessment_to_fill: '/standards/1', verification_to_do: '/verify',
	verify: '/verify', rating_to_finalize: '/verify' };

// The agency roles that act on less than every alert the API lists. Readers only read; focal
// points keep the register; editors verify and keep plans, but opening an assessment, granting
// an unlock and approving a plan are the advanced editor's.
const EDITOR_KINDS = ['verification_to_do', 'rating_to_finalize', 'csip_due', 'csip_overdue', 'csip_activity_due',
	'csip_activity_to_confirm', 'csip_gap', 'csip_reassessment'];
const ACTED_ON_BY = {
	agency_reader: [],
	agency_focal_point: ['disclosure_waiting', 'onward_report_due'],
	agency_editor: EDITOR_KINDS,
};

export function actsOn(kind) {
	const kinds = app.user ? ACTED_ON_BY[app.user.role] : null;
	return !kinds || kinds.includes(kind);
}

export const alertKind = (a) => a.kind || a.type || a.code || '';

export function alertTitle(kind, a = {}) {
	const key = `alert.${kind}`;
	return t(key) !== key ? t(key) : (a.title || a.message || kind.replace(/_/g, ' '));
}

export function alertLink(a) {
	if (a.incident_id) return `/incidents/${encodeURIComponent(a.incident_id)}`;
	if (a.assessment_id) {
		const base = `/assessments/${encodeURIComponent(a.assessment_id)}`;
		const kind = a.kind || '';
		if (ALERT_PAGES[kind]) return base + ALERT_PAGES[kind];
		if (/plan|csip|activity|reassessment/.test(kind)) return base + '/plan';
		if (kind === 'unlock_request') return base + '/unlock/self';
		return base;
	}
	if (a.partner_id || (a.partner && a.partner.id)) return `/partners/${encodeURIComponent(a.partner_id || a.partner.id)}`;
	return null;
}

// One alert: what awaits, for which partner, by when. The link names the partner when there
// is one, so a list of one kind is a list of distinct links.
export function alertCard(a, { titled = true } = {}) {
	const kind = alertKind(a);
	const title = alertTitle(kind, a);
	const due = a.due || a.due_date || a.date;
	const href = alertLink(a);
	const partner = a.partner ? a.partner.name : a.partner_name;
	const overdue = due && fmt.isOverdue(due);
	const clockKind = /_expir(ing|ed)$/.test(kind) ? 'expires' : kind === 'csip_reassessment' ? 'reassess' : 'due';
	const heading = titled ? title : (partner || title);
	return h('li', { class: `alert-card${overdue ? ' alert-card--overdue' : ''}` },
		h('h3', { class: 'alert-card__title' }, href ? h('a', { href }, heading) : heading),
		titled && partner ? h('p', { class: 'alert-card__partner' }, partner) : null,
		a.reason || a.comment ? h('p', { class: 'alert-card__text' }, a.reason || a.comment) : null,
		due ? h('p', { class: 'alert-card__due' }, overdue ? tag(t('clock.overdue_tag'), 'red') : null, ' ',
			h('span', {}, `${fmt.clock(due, clockKind)} (${fmt.date(due)})`)) : null);
}

export async function render(root, { query }) {
	const kind = query.kind || '';
	const data = kind && actsOn(kind) ? await get(`/alerts?${new URLSearchParams({ kind })}`) : { items: [] };
	const items = data.items || [];
	add(root,
		h('a', { href: '/', class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, t('home.alerts')),
		h('h1', { class: 'heading-l' }, kind ? alertTitle(kind) : t('home.alerts')),
		items.length
			? [h('p', { class: 'lead', id: 'alerts-count' }, t('alerts.count', { n: items.length })),
				h('ul', { class: 'alert-list', id: 'alerts-of-kind' }, items.map((a) => alertCard(a, { titled: false })))]
			: h('p', { class: 'empty', id: 'alerts-empty' }, t('home.alerts_none')));
}
