// observation.js: every partner with its PSEA standing across agencies: search, filters,
// sorting and paging, all kept in the address so a view can be bookmarked and shared. The server
// sorts the whole register (by name, country or type) and pages through it in that order.
import { t } from '../i18n.js';
import { h, add, select, textInput } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { ratingTag, eligibleTag, statusTag } from '../psea.js';
import { listPage, pager } from '../pager.js';
import { countryName, countryOptions, isCountryCode } from '../countries.js';

export const PARTNER_TYPES = ['national_ngo', 'international_cso', 'cbo', 'academic', 'red_cross_red_crescent'];
const FILTERS = ['q', 'country', 'type', 'rating', 'standing', 'eligible', 'sort', 'cursor'];
// The orders the server knows (a leading '-' reverses); by name unless the address says otherwise.
const SORT_KEYS = ['name', 'country', 'type'];
const DEFAULT_SORT = 'name';
const sortOf = (value) => (SORT_KEYS.includes(String(value || '').replace(/^-/, '')) ? value : DEFAULT_SORT);

function standingOf(item) {
	const s = item.psea || {};
	return { p: item.partner, s, standing: s.status || 'not_assessed' };
}

// Every country by its name in the reader's language; a country typed as free text before codes
// were asked for stays choosable while it is the filter in use.
function countryFilterOptions(current) {
	const options = [['', t('common.any')], ...countryOptions()];
	if (current && !isCountryCode(current)) options.push([current, current]);
	return options;
}

export async function render(root, { query }) {
	const sort = sortOf(query.sort);
	const params = new URLSearchParams();
	for (const k of FILTERS) if (query[k] && k !== 'sort') params.set(k, query[k]);
	params.set('limit', '25');
	params.set('sort', sort);
	// The server filters by every field of the form, and sorts.
	const data = await listPage('/observation', params);
	const items = data.items || [];
	const form = h('form', { class: 'filters', id: 'filters', role: 'search', 'aria-label': t('observation.filters') },
		h('div', { class: 'filters__grid' },
			textInput({ id: 'q', label: t('observation.search'), value: query.q, type: 'search' }),
			select({ id: 'country', label: t('partner.country'), value: query.country, options: countryFilterOptions(query.country) }),
			select({ id: 'type', label: t('partner.type'), value: query.type, options: [['', t('common.any')], ...PARTNER_TYPES.map((x) => [x, fmt.word('partner_type', x)])] }),
			select({ id: 'rating', label: t('partner.rating'), value: query.rating, options: [['', t('common.any')], ...['full', 'medium', 'low'].map((x) => [x, t(`rating.${x}`)])] }),
			select({ id: 'standing', label: t('partner.standing'), value: query.standing, options: [['', t('common.any')], ...['valid', 'expiring', 'expired', 'not_assessed'].map((x) => [x, fmt.word('standing', x)])] }),
			select({ id: 'eligible', label: t('partner.eligibility'), value: query.eligible, options: [['', t('common.any')], ['true', t('eligible.yes')], ['false', t('eligible.no')]] })),
		h('div', { class: 'button-group' },
			h('button', { type: 'submit', class: 'button', id: 'apply-filters' }, t('observation.apply')),
			h('a', { href: '/partners' }, t('observation.clear'))));
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const next = new URLSearchParams();
		for (const k of ['q', 'country', 'type', 'rating', 'standing', 'eligible']) {
			const v = form.querySelector(`#${k}`).value.trim();
			if (v) next.set(k, v);
		}
		if (query.sort) next.set('sort', query.sort);
		app.navigate(`/partners${next.toString() ? '?' + next : ''}`);
	});
	const link = (changes) => {
		const next = new URLSearchParams();
		for (const k of FILTERS) if (query[k]) next.set(k, query[k]);
		for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
		return `/partners?${next}`;
	};
	// A column header links to the server's order by that column (again: the reverse).
	const header = (key, label) => {
		const active = sort === key || sort === `-${key}`;
		const desc = sort === `-${key}`;
		return h('th', { scope: 'col', 'aria-sort': active ? (desc ? 'descending' : 'ascending') : null },
			h('a', { href: link({ sort: active && !desc ? `-${key}` : key, cursor: null }), class: 'sort-link' }, t(label),
				active ? h('span', { 'aria-hidden': 'true' }, desc ? ' ▼' : ' ▲') : null,
				h('span', { class: 'visually-hidden' }, ' ' + t('observation.sort_by'))));
	};
	const rows = items.map((item) => {
		const { p, s, standing } = standingOf(item);
		return h('tr', {},
			h('td', { 'data-label': t('partner.name') }, h('a', { href: `/partners/${encodeURIComponent(p.id)}` }, p.name)),
			h('td', { 'data-label': t('partner.country') }, countryName(p.country)),
			h('td', { 'data-label': t('partner.type') }, fmt.word('partner_type', p.type)),
			h('td', { 'data-label': t('partner.rating') }, ratingTag(s.rating)),
			h('td', { 'data-label': t('partner.standing') }, statusTag('standing', standing)),
			h('td', { 'data-label': t('partner.eligibility') }, s.rating ? eligibleTag(s.eligible) : ''),
			h('td', { 'data-label': t('partner.valid_until_short') }, s.valid_until ? fmt.date(s.valid_until) : ''));
	});
	add(root, 
		h('h1', { class: 'heading-l' }, t('observation.title')),
		h('p', { class: 'lead' }, t('observation.lead')),
		app.can('agency_advanced_editor', 'admin') ? h('p', {}, h('a', { href: '/partners/new', class: 'button button--secondary', id: 'add-partner' }, t('home.add_partner'))) : null,
		form,
		h('p', { class: 'result-count', role: 'status' }, t('observation.count', { n: items.length })),
		items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack', id: 'partners-table' },
			h('caption', { class: 'visually-hidden' }, t('observation.title')),
			h('thead', {}, h('tr', {}, header('name', 'partner.name'), header('country', 'partner.country'), header('type', 'partner.type'),
				h('th', { scope: 'col' }, t('partner.rating')), h('th', { scope: 'col' }, t('partner.standing')),
				h('th', { scope: 'col' }, t('partner.eligibility')), h('th', { scope: 'col' }, t('partner.valid_until_short')))),
			h('tbody', {}, rows))) : h('p', { class: 'empty' }, t('observation.none')),
		pager('/partners', query, data));
}

