// invitations.js: the invitations sent by e-mail (administrators: every one; agency advanced
// editors: those sent from their agency), newest first, each pending, accepted, withdrawn or
// expired; a pending one can be withdrawn, so its link opens nothing any more.
import { del } from '../api.js';
import { t } from '../i18n.js';
import { h, add, tag, showProblem } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { notAllowed } from './users.js';
import { listPage, pager } from '../pager.js';

const TONES = { pending: 'blue', accepted: 'green', withdrawn: 'grey', expired: 'grey' };
export const mayInvite = () => app.can('admin', 'agency_advanced_editor');

function statusCell(inv) {
	const when = inv.status === 'pending' ? t('invitations.valid_until', { date: fmt.dateTime(inv.expires_at) })
		: inv.status === 'accepted' ? fmt.dateTime(inv.accepted_at)
		: inv.status === 'withdrawn' ? fmt.dateTime(inv.withdrawn_at) : fmt.dateTime(inv.expires_at);
	return [tag(fmt.word('invitation_status', inv.status), TONES[inv.status]), h('span', { class: 'table__sub' }, when)];
}

export async function render(root, { query }) {
	if (!mayInvite()) return notAllowed(root, 'invitations.forbidden');
	const params = new URLSearchParams({ limit: query.limit || '50' });
	if (query.cursor) params.set('cursor', query.cursor);
	const data = await listPage('/invitations', params);
	const items = data.items || [];
	const withdraw = async (inv, button) => {
		button.disabled = true;
		try {
			await del(`/invitations/${encodeURIComponent(inv.id)}`);
		} catch (err) {
			button.disabled = false;
			showProblem(root, err);
			return;
		}
		app.flash = t('invitations.withdrawn', { email: inv.email });
		app.navigate(location.pathname + location.search, { replace: true });
	};
	const rows = items.map((inv) => h('tr', { id: `invitation-row-${inv.id}`, 'data-status': inv.status },
		h('td', { 'data-label': t('user.email') }, inv.email),
		h('td', { 'data-label': t('user.role') }, fmt.word('role', inv.role),
			h('span', { class: 'table__sub' }, inv.organization.name)),
		h('td', { 'data-label': t('invitations.sent') }, fmt.dateTime(inv.created_at),
			h('span', { class: 'table__sub' }, t('invitations.sent_by', { name: inv.invited_by.name }))),
		h('td', { 'data-label': t('invitations.status') }, statusCell(inv)),
		h('td', { 'data-label': t('invitations.action') }, inv.status === 'pending'
			? h('button', { type: 'button', class: 'button button--secondary', id: `invitation-withdraw-${inv.id}`,
				onclick: (e) => withdraw(inv, e.currentTarget) }, t('invitations.withdraw'),
				h('span', { class: 'visually-hidden' }, ` – ${inv.email}`))
			: null)));
	add(root,
		h('h1', { class: 'heading-l' }, t('invitations.title')),
		h('p', { class: 'lead' }, t(app.can('admin') ? 'invitations.lead_admin' : 'invitations.lead_agency')),
		h('p', { class: 'button-group' }, h('a', { href: '/invitations/new', class: 'button', id: 'invitations-new' }, t('invitations.new'))),
		items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack', id: 'invitations-table' },
			h('caption', { class: 'visually-hidden' }, t('invitations.title')),
			h('thead', {}, h('tr', {}, ['user.email', 'user.role', 'invitations.sent', 'invitations.status', 'invitations.action']
				.map((k) => h('th', { scope: 'col' }, t(k))))),
			h('tbody', {}, rows))) : h('p', { class: 'empty', id: 'invitations-none' }, t('invitations.none')),
		pager('/invitations', query, data));
}
