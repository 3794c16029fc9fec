// home.js: what awaits the signed-in person, by role: the alerts, their organisation's standing
// (partners) or the way into the partner list (agencies).
import { get } from '../api.js';
import { t } from '../i18n.js';
import { h, add, tag } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { ratingTag, eligibleTag, statusTag } from '../psea.js';
import { actsOn, alertCard, alertKind, alertTitle } from './alerts.js';

// Alerts of one kind come together: one alone is shown whole, several as their count with a
// link to the list of that kind, so a long list never buries the other kinds.
function alertGroups(items) {
	const groups = new Map();
	for (const a of items) {
		const kind = alertKind(a);
		if (!actsOn(kind)) continue;
		if (!groups.has(kind)) groups.set(kind, []);
		groups.get(kind).push(a);
	}
	return [...groups.entries()].map(([kind, list]) => (list.length === 1 ? alertCard(list[0])
		: h('li', { class: 'alert-card alert-card--group', dataset: { kind } },
			h('h3', { class: 'alert-card__title' }, h('a', { href: `/alerts?${new URLSearchParams({ kind })}` }, alertTitle(kind, list[0]))),
			h('p', { class: 'alert-card__count' }, tag(t('alerts.count', { n: list.length }), 'blue')))));
}

async function alertsSection() {
	let data = null;
	let failed = false;
	try { data = await get('/alerts'); } catch { failed = true; }
	const items = data && Array.isArray(data.items) ? data.items : [];
	const section = h('section', { class: 'section', 'aria-labelledby': 'alerts-title' },
		h('h2', { class: 'heading-m', id: 'alerts-title' }, t('home.alerts')));
	if (failed) add(section, h('p', { class: 'hint' }, t('home.alerts_failed')));
	else if (!items.length) add(section, h('p', { class: 'empty' }, t('home.alerts_none')));
	else {
		const groups = alertGroups(items);
		add(section, groups.length ? h('ul', { class: 'alert-list', id: 'alert-groups' }, groups) : h('p', { class: 'empty' }, t('home.alerts_none')));
	}
	return section;
}

async function partnerStanding() {
	const org = app.user.organization;
	const p = await get(`/partners/${encodeURIComponent(org.id)}`).catch(() => null);
	const section = h('section', { class: 'section', 'aria-labelledby': 'standing-title' },
		h('h2', { class: 'heading-m', id: 'standing-title' }, t('home.standing')));
	if (!p) { add(section, h('p', { class: 'hint' }, t('home.standing_unavailable'))); return section; }
	const s = p.psea || {};
	add(section, h('div', { class: 'panel' },
		h('p', { class: 'panel__big' }, ratingTag(s.rating), ' ', s.rating ? eligibleTag(s.eligible) : null),
		s.valid_until ? h('p', {}, t('partner.valid_until', { date: fmt.date(s.valid_until) }), ' – ', fmt.clock(s.valid_until, 'expires')) : h('p', {}, t('home.standing_none')),
		s.csip && s.csip.status ? h('p', {}, t('partner.plan'), ': ', statusTag('plan_status', s.csip.status), s.csip.due ? ` ${fmt.clock(s.csip.due)}` : '') : null,
		p.open_assessment ? h('p', {}, h('a', { href: `/assessments/${encodeURIComponent(p.open_assessment.id)}`, class: 'button', id: 'open-assessment' }, t('home.open_assessment'))) : null,
		h('p', {}, h('a', { href: `/partners/${encodeURIComponent(org.id)}` }, t('home.see_organisation')))));
	return section;
}

// The search most agency visits start with, above everything else: it opens the partner list
// filtered by the name typed.
function findPartner() {
	const form = h('form', { class: 'form find-partner', role: 'search', id: 'find-partner', action: '/partners', method: 'get', 'aria-labelledby': 'find-partner-title' },
		h('h2', { class: 'heading-m', id: 'find-partner-title' }, t('home.find_partner')),
		h('label', { class: 'label', for: 'find-partner-q' }, t('home.find_partner_label')),
		h('p', { class: 'hint', id: 'find-partner-hint' }, t('home.find_partner_text')),
		h('div', { class: 'find-partner__row' },
			h('input', { type: 'search', id: 'find-partner-q', name: 'q', class: 'input input--20', autocomplete: 'off', 'aria-describedby': 'find-partner-hint' }),
			h('button', { type: 'submit', class: 'button', id: 'find-partner-go' }, t('home.find_partner_go'))));
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const q = form.querySelector('#find-partner-q').value.trim();
		app.navigate(q ? `/partners?${new URLSearchParams({ q })}` : '/partners');
	});
	return form;
}

function agencyShortcuts() {
	if (!app.can('agency_advanced_editor', 'admin')) return null;
	return h('section', { class: 'section', 'aria-labelledby': 'tasks-title' },
		h('h2', { class: 'heading-m', id: 'tasks-title' }, t('home.shortcuts')),
		h('ul', { class: 'card-links' },
			app.can('agency_advanced_editor', 'admin') ? h('li', {}, h('a', { href: '/partners/new', class: 'card-link' }, h('span', { class: 'card-link__title' }, t('home.add_partner')), h('span', { class: 'card-link__text' }, t('home.add_partner_text')))) : null,
			app.can('agency_advanced_editor', 'admin') ? h('li', {}, h('a', { href: '/invitations', class: 'card-link', id: 'home-invitations' }, h('span', { class: 'card-link__title' }, t('invitations.title')), h('span', { class: 'card-link__text' }, t('home.invitations_text')))) : null,
			app.can('admin') ? h('li', {}, h('a', { href: '/settings', class: 'card-link', id: 'home-settings' }, h('span', { class: 'card-link__title' }, t('home.settings')), h('span', { class: 'card-link__text' }, t('home.settings_text')))) : null,
			app.can('admin') ? h('li', {}, h('a', { href: '/audit', class: 'card-link', id: 'home-audit' }, h('span', { class: 'card-link__title' }, t('audit.title')), h('span', { class: 'card-link__text' }, t('home.audit_text')))) : null));
}

async function adminUsers() {
	const data = await get('/users?limit=20');
	(await import('./users.js')).remember(data.items || []);
	return h('section', { class: 'section', 'aria-labelledby': 'users-title' },
		h('h2', { class: 'heading-m', id: 'users-title' }, t('home.users')),
		h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('user.name')), h('th', { scope: 'col' }, t('user.email')), h('th', { scope: 'col' }, t('user.role')), h('th', { scope: 'col' }, t('user.organisation')))),
			h('tbody', {}, (data.items || []).map((u) => h('tr', {},
				h('td', {}, h('a', { href: `/users/${encodeURIComponent(u.id)}` }, u.name)), h('td', {}, u.email), h('td', {}, fmt.word('role', u.role)), h('td', {}, u.organization ? u.organization.name : '')))))),
		h('p', { class: 'button-group' },
			h('a', { href: '/users', class: 'button button--secondary', id: 'home-users' }, t('home.users_all')),
			h('a', { href: '/users/new', id: 'home-users-new' }, t('users.new'))));
}

export async function render(root) {
	const u = app.user;
	add(root, 
		h('span', { class: 'caption' }, fmt.word('role', u.role)),
		h('h1', { class: 'heading-xl' }, t('home.title', { name: u.name.split(' ')[0] })),
		h('p', { class: 'lead' }, t(app.isPartner() ? 'home.lead_partner' : 'home.lead_agency')));
	if (app.isAgency()) add(root, findPartner());
	const parts = [alertsSection()];
	if (app.isPartner()) parts.push(partnerStanding());
	if (app.isAgency()) parts.push(Promise.resolve(agencyShortcuts()));
	if (u.role === 'admin') parts.push(adminUsers());
	for (const part of await Promise.all(parts)) if (part) add(root, part);
}
