// home.js: what awaits the signed-in person, by role: the alerts, their organisation's standing
// (partners) or the way into the partner list (agencies).
import { get } from '../api.js';
import { t } from '../i18n.js';
import { h, add, tag } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { ratingTag, eligibleTag, statusTag } from '../psea.js';

// Where each kind of alert leads: straight to the page where the awaited step is taken.
const ALERT_PAGES = { intro_to_fill: '/intro', fill_intro: '/intro', self_assessment_to_fill: '/standards/1', verification_to_do: '/verify',
	verify: '/verify', rating_to_finalize: '/verify' };

function alertLink(a) {
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

function alertCard(a) {
	const kind = a.kind || a.type || a.code || '';
	const key = `alert.${kind}`;
	const title = t(key) !== key ? t(key) : (a.title || a.message || kind.replace(/_/g, ' '));
	const due = a.due || a.due_date || a.date;
	const href = alertLink(a);
	const partner = a.partner ? a.partner.name : a.partner_name;
	const overdue = due && fmt.isOverdue(due);
	const clockKind = /_expir(ing|ed)$/.test(kind) ? 'expires' : kind === 'csip_reassessment' ? 'reassess' : 'due';
	return h('li', { class: `alert-card${overdue ? ' alert-card--overdue' : ''}` },
		h('h3', { class: 'alert-card__title' }, href ? h('a', { href }, title) : title),
		partner ? h('p', { class: 'alert-card__partner' }, partner) : null,
		a.reason || a.comment ? h('p', { class: 'alert-card__text' }, a.reason || a.comment) : null,
		due ? h('p', { class: 'alert-card__due' }, overdue ? tag(t('clock.overdue_tag'), 'red') : null, ' ',
			h('span', {}, `${fmt.clock(due, clockKind)} (${fmt.date(due)})`)) : null);
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
	else add(section, h('ul', { class: 'alert-list' }, items.map(alertCard)));
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

function agencyShortcuts() {
	return h('section', { class: 'section', 'aria-labelledby': 'tasks-title' },
		h('h2', { class: 'heading-m', id: 'tasks-title' }, t('home.shortcuts')),
		h('ul', { class: 'card-links' },
			h('li', {}, h('a', { href: '/partners', class: 'card-link' }, h('span', { class: 'card-link__title' }, t('home.find_partner')), h('span', { class: 'card-link__text' }, t('home.find_partner_text')))),
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
	const parts = [alertsSection()];
	if (app.isPartner()) parts.push(partnerStanding());
	if (app.isAgency()) parts.push(Promise.resolve(agencyShortcuts()));
	if (u.role === 'admin') parts.push(adminUsers());
	for (const part of await Promise.all(parts)) if (part) add(root, part);
}
