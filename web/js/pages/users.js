// users.js: the accounts of the service (administrators only): who they are, their role and
// organisation, whether they may sign in; a page at a time, the cursor kept in the address.
import { t } from '../i18n.js';
import { h, add, tag } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { listPage, pager } from '../pager.js';

export const AGENCY_ROLES = ['agency_reader', 'agency_editor', 'agency_advanced_editor', 'agency_focal_point', 'admin'];
export const PARTNER_ROLES = ['partner_reader', 'partner_editor'];
export const rolesFor = (kind) => (kind === 'partner' ? PARTNER_ROLES : AGENCY_ROLES);

// Accounts met on the pages already loaded, by id: the account form and the audit log read them
// from here rather than asking the server again.
export const knownUsers = new Map();
export function remember(users) { for (const u of users) knownUsers.set(String(u.id), u); }

// What a person who is not an administrator sees instead of the page.
export function notAllowed(root, textKey) {
	add(root, h('h1', { class: 'heading-l' }, t('admin.forbidden_title')),
		h('p', { class: 'lead', id: 'not-allowed' }, t(textKey)),
		h('p', {}, h('a', { href: '/' }, t('notfound.home'))));
}

export function activeTag(u) { return u.active ? tag(t('users.active'), 'green') : tag(t('users.inactive'), 'grey'); }

export async function render(root, { query }) {
	if (!app.can('admin')) return notAllowed(root, 'admin.forbidden_users');
	const params = new URLSearchParams({ limit: query.limit || '50' });
	if (query.cursor) params.set('cursor', query.cursor);
	const data = await listPage('/users', params);
	const items = data.items || [];
	remember(items);
	const columns = ['name', 'email', 'role', 'organisation', 'status'];
	const rows = items.map((u) => h('tr', { id: `user-row-${u.id}` },
		h('td', { 'data-label': t('user.name') }, h('a', { href: `/users/${encodeURIComponent(u.id)}`, id: `user-link-${u.id}` },
			u.name, h('span', { class: 'visually-hidden' }, ` – ${t('users.change')}`))),
		h('td', { 'data-label': t('user.email') }, u.email),
		h('td', { 'data-label': t('user.role') }, fmt.word('role', u.role)),
		h('td', { 'data-label': t('user.organisation') }, u.organization ? u.organization.name : '',
			u.organization ? h('span', { class: 'table__sub' }, t(`users.kind_${u.organization.kind === 'partner' ? 'partner' : 'agency'}`)) : null),
		h('td', { 'data-label': t('users.status') }, activeTag(u))));
	add(root,
		h('h1', { class: 'heading-l' }, t('users.title')),
		h('p', { class: 'lead' }, t('users.lead')),
		h('p', { class: 'button-group' },
			h('a', { href: '/users/new', class: 'button', id: 'users-new' }, t('users.new')),
			h('a', { href: '/invitations', class: 'button button--secondary', id: 'users-invitations' }, t('invitations.title')),
			h('a', { href: '/audit?object_type=user', class: 'button button--secondary', id: 'users-audit' }, t('users.audit'))),
		items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack', id: 'users-table' },
			h('caption', { class: 'visually-hidden' }, t('users.title')),
			h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, t(c === 'status' ? 'users.status' : `user.${c}`))))),
			h('tbody', {}, rows))) : h('p', { class: 'empty' }, t('users.none')),
		pager('/users', query, data));
}
