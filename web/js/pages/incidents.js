// incidents.js: the allegations register of the focal point's agency: every incident with its
// type, status and the two clocks people watch (onward report, investigation time).
import { t } from '../i18n.js';
import { h, tag } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { listPage, pager } from '../pager.js';

export const INCIDENT_TYPES = ['sexual_exploitation', 'sexual_abuse', 'sexual_harassment', 'sexual_assault', 'other'];
export const INCIDENT_STATUSES = ['received', 'preliminary_assessment', 'under_investigation', 'substantiated',
	'not_substantiated', 'closed', 'referred_to_national_authorities'];

// The register is for focal points and admins; everyone else sees "page not found", as the API
// answers them.
export function mayUseRegister() { return app.can('agency_focal_point', 'admin'); }

export function onwardTag(incident) {
	const v = incident.reported_onward_within_target;
	if (v === null || v === undefined) return tag(t('incidents.onward_pending'), 'grey');
	return v ? tag(t('incidents.onward_within'), 'green') : tag(t('incidents.onward_late'), 'red');
}

export async function render(root, { query }) {
	if (!mayUseRegister()) {
		const notfound = await import('./notfound.js');
		return notfound.render(root, {});
	}
	const params = new URLSearchParams({ limit: query.limit || '50' });
	if (query.cursor) params.set('cursor', query.cursor);
	const data = await listPage('/incidents', params);
	const items = data.items || [];
	const rows = items.map((i) => h('tr', {},
		h('td', { 'data-label': t('incidents.received_at') }, h('a', { href: `/incidents/${encodeURIComponent(i.id)}` }, fmt.dateTime(i.received_at))),
		h('td', { 'data-label': t('incidents.type') }, fmt.word('incident_type', i.type)),
		h('td', { 'data-label': t('incidents.source') }, fmt.word('incident_source', i.source)),
		h('td', { 'data-label': t('incidents.partner') }, i.partner_id ? h('a', { href: `/partners/${encodeURIComponent(i.partner_id)}` }, i.partner ? i.partner.name : t('incidents.partner_n', { id: i.partner_id })) : t('common.none')),
		h('td', { 'data-label': t('incidents.status') }, fmt.word('incident_status', i.status)),
		h('td', { 'data-label': t('incidents.onward') }, onwardTag(i)),
		h('td', { 'data-label': t('incidents.investigation_days') }, i.investigation_days === null ? '' : fmt.number(i.investigation_days)),
		h('td', { 'data-label': t('incidents.review') }, i.review ? (i.review.adequate ? tag(t('incidents.review_adequate'), 'green') : tag(t('incidents.review_inadequate'), 'red')) : '')));
	root.append(
		h('h1', { class: 'heading-l' }, t('incidents.title')),
		h('p', { class: 'lead' }, t('incidents.lead')),
		h('p', { class: 'button-group' },
			h('a', { href: '/incidents/new', class: 'button', id: 'incident-new' }, t('incidents.new')),
			h('a', { href: '/figures', class: 'button button--secondary', id: 'incident-figures' }, t('figures.title'))),
		items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack', id: 'incidents-table' },
			h('caption', { class: 'visually-hidden' }, t('incidents.title')),
			h('thead', {}, h('tr', {}, ['received_at', 'type', 'source', 'partner', 'status', 'onward', 'investigation_days', 'review']
				.map((k) => h('th', { scope: 'col' }, t(`incidents.${k}`))))),
			h('tbody', {}, rows))) : h('p', { class: 'empty', id: 'incidents-empty' }, t('incidents.none')),
		pager('/incidents', query, data));
}
