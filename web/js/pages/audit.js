// audit.js: the audit log (administrators only): every write and every sensitive read, newest
// first, who made it and under which request. Filters by object and by person, kept in the
// address with the page cursor so a view can be shared.
import { get } from '../api.js';
import { t } from '../i18n.js';
import { h, add, select, textInput, showErrors, clearErrors } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { knownUsers, remember, notAllowed } from './users.js';
import { listPage, pager } from '../pager.js';

// The kinds of object the server writes to the log.
const OBJECT_TYPES = ['user', 'session', 'api_token', 'setting', 'partner', 'partnership', 'past_assessment', 'assessment', 'document',
	'comment', 'unlock_request', 'csip', 'csip_activity', 'incident', 'incident_report', 'observation'];
const FILTERS = ['object_type', 'object_id', 'user_id'];

// Where an object of the log can be looked at, when it has a page of its own.
const OBJECT_PAGES = { user: '/users/', partner: '/partners/', assessment: '/assessments/', incident: '/incidents/' };

function address(query, changes = {}) {
	const next = new URLSearchParams();
	for (const k of [...FILTERS, 'limit', 'cursor']) if (query[k]) next.set(k, query[k]);
	for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
	return `/audit${next.toString() ? '?' + next : ''}`;
}

// The names of the people in the log: those already known, else each account read once.
async function resolveNames(items) {
	const unknown = [...new Set(items.map((e) => e.user_id && String(e.user_id)).filter((id) => id && !knownUsers.has(id)))];
	const found = await Promise.all(unknown.map((id) => get(`/users/${encodeURIComponent(id)}`).catch(() => null)));
	remember(found.filter(Boolean));
}

function who(e) {
	if (!e.user_id) return h('span', { class: 'hint' }, t('audit.system'));
	const u = knownUsers.get(String(e.user_id));
	return h('span', {}, u ? u.name : t('audit.user_n', { id: e.user_id }),
		u ? h('span', { class: 'table__sub' }, t('audit.user_n', { id: e.user_id })) : null);
}

function what(e) {
	const type = fmt.word('audit_type', e.object_type);
	if (!e.object_id) return type;
	const page = OBJECT_PAGES[e.object_type];
	const label = t('audit.object_n', { type, id: e.object_id });
	return page ? h('a', { href: page + encodeURIComponent(e.object_id) }, label) : label;
}

function filterForm(query) {
	const types = OBJECT_TYPES.includes(query.object_type || '') || !query.object_type ? OBJECT_TYPES : [...OBJECT_TYPES, query.object_type];
	const form = h('form', { class: 'filters', id: 'audit-filters', role: 'search', 'aria-label': t('audit.filters'), novalidate: true },
		h('div', { class: 'filters__grid' },
			select({ id: 'audit-object-type', field: 'object_type', label: t('audit.object_type'), value: query.object_type,
				options: [['', t('common.any')], ...types.map((x) => [x, fmt.word('audit_type', x)])] }),
			textInput({ id: 'audit-object-id', field: 'object_id', label: t('audit.object_id'), value: query.object_id, attrs: { inputmode: 'numeric' } }),
			textInput({ id: 'audit-user-id', field: 'user_id', label: t('audit.user_id'), value: query.user_id, attrs: { inputmode: 'numeric' } })),
		h('div', { class: 'button-group' },
			h('button', { type: 'submit', class: 'button', id: 'audit-apply' }, t('audit.apply')),
			h('a', { href: '/audit', id: 'audit-clear' }, t('observation.clear'))));
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		clearErrors(form);
		const next = {};
		const errors = [];
		next.object_type = form.querySelector('#audit-object-type').value;
		for (const [k, id] of [['object_id', 'audit-object-id'], ['user_id', 'audit-user-id']]) {
			next[k] = form.querySelector(`#${id}`).value.trim();
			if (next[k] && !/^[1-9]\d*$/.test(next[k])) errors.push({ field: k, code: 'audit_number' });
		}
		if (errors.length) { showErrors(form, errors); return; }
		app.navigate(address({ limit: query.limit }, next));
	});
	return form;
}

export async function render(root, { query }) {
	if (!app.can('admin')) return notAllowed(root, 'admin.forbidden_audit');
	const params = new URLSearchParams({ limit: query.limit || '50' });
	for (const k of [...FILTERS, 'cursor']) if (query[k]) params.set(k, query[k]);
	const data = await listPage('/audit', params);
	const items = data.items || [];
	await resolveNames(items);
	const filtered = FILTERS.some((k) => query[k]);
	const columns = ['at', 'who', 'object', 'action', 'request'];
	const rows = items.map((e) => h('tr', {},
		h('td', { 'data-label': t('audit.at') }, h('time', { datetime: e.at }, fmt.dateTime(e.at))),
		h('td', { 'data-label': t('audit.who') }, who(e)),
		h('td', { 'data-label': t('audit.object') }, what(e)),
		h('td', { 'data-label': t('audit.action') }, h('code', { class: 'code' }, e.action)),
		h('td', { 'data-label': t('audit.request') }, e.request_id ? h('code', { class: 'code' }, e.request_id) : '')));
	add(root,
		h('h1', { class: 'heading-l' }, t('audit.title')),
		h('p', { class: 'lead' }, t('audit.lead')),
		filterForm(query),
		items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack', id: 'audit-table' },
			h('caption', { class: 'visually-hidden' }, t('audit.title')),
			h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, t(`audit.${c}`))))),
			h('tbody', {}, rows))) : h('p', { class: 'empty', id: 'audit-empty' }, t(filtered ? 'audit.none_filtered' : 'audit.none')),
		pager('/audit', query, data));
}
