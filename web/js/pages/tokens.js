// tokens.js: the signed-in person's API tokens, for integrations: each with when it was made and
// when it ends (expired ones marked), a form to make one (its secret shown once, on this page
// only) and a button to revoke each.
import { get, post, del } from '../api.js';
import { t } from '../i18n.js';
import { h, add, textInput, showErrors, showProblem, clearErrors, tag } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';

const DAYS_DEFAULT = 365;
const DAYS_MAX = 3650;

function tokenRow(token) {
	const revoke = h('button', { type: 'button', class: 'button button--secondary', id: `revoke-${token.id}` },
		t('tokens.revoke'), h('span', { class: 'visually-hidden' }, ` ${token.name}`));
	revoke.addEventListener('click', async () => {
		try {
			await del(`/tokens/${encodeURIComponent(token.id)}`);
			app.flash = t('tokens.revoked', { name: token.name });
			await app.rerender();
		} catch (err) {
			showProblem(app.main, err);
		}
	});
	return h('tr', {},
		h('td', { 'data-label': t('tokens.name') }, token.name),
		h('td', { 'data-label': t('tokens.created_at') }, h('time', { datetime: token.created_at }, fmt.date(token.created_at))),
		h('td', { 'data-label': t('tokens.expires_at') }, h('time', { datetime: token.expires_at }, fmt.date(token.expires_at))),
		h('td', { 'data-label': t('tokens.status') }, token.expired ? tag(t('tokens.expired'), 'red') : tag(t('tokens.active'), 'green')),
		h('td', {}, revoke));
}

function createForm(root) {
	const form = h('form', { class: 'form', id: 'token-form', novalidate: true },
		h('h2', { class: 'heading-m' }, t('tokens.new')),
		textInput({ id: 'token-name', field: 'name', label: t('tokens.name'), hint: t('tokens.name_hint'), width: 'input--30' }),
		textInput({ id: 'token-days', field: 'expires_in_days', label: t('tokens.days'), value: String(DAYS_DEFAULT),
			hint: t('tokens.days_hint', { max: DAYS_MAX }), type: 'number', width: 'input--10',
			attrs: { min: 1, max: DAYS_MAX, step: 1, inputmode: 'numeric' } }),
		h('button', { type: 'submit', class: 'button', id: 'token-create' }, t('tokens.create')));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const name = form.querySelector('#token-name').value.trim();
		const days = form.querySelector('#token-days').value.trim();
		const errors = [];
		if (!name) errors.push({ field: 'name', code: 'token_name_missing' });
		if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > DAYS_MAX) errors.push({ field: 'expires_in_days', code: 'token_days_range' });
		if (errors.length) { showErrors(root, errors); return; }
		try {
			const made = await post('/tokens', { name, expires_in_days: Number(days) });
			await app.rerender();
			// the secret is shown once, above the list, and never again
			app.main.querySelector('h1').after(h('div', { class: 'panel', id: 'token-secret', role: 'status' },
				h('h2', { class: 'heading-m' }, t('tokens.made', { name: made.name })),
				h('p', {}, t('tokens.copy_now', { date: fmt.date(made.expires_at) })),
				h('p', {}, h('code', { class: 'code', id: 'token-value' }, made.token))));
		} catch (err) {
			if (err.errors && err.errors.length) showErrors(root, err.errors); else showProblem(root, err);
		}
	});
	return form;
}

export async function render(root) {
	const data = await get('/tokens?limit=200');
	const items = data.items || [];
	add(root,
		h('h1', { class: 'heading-l' }, t('tokens.title')),
		h('p', { class: 'lead' }, t('tokens.lead')),
		items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack', id: 'tokens-table' },
			h('caption', { class: 'visually-hidden' }, t('tokens.title')),
			h('thead', {}, h('tr', {}, ['name', 'created_at', 'expires_at', 'status'].map((c) => h('th', { scope: 'col' }, t(`tokens.${c}`))),
				h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('tokens.actions'))))),
			h('tbody', {}, items.map(tokenRow)))) : h('p', { class: 'empty', id: 'tokens-empty' }, t('tokens.none')),
		createForm(root));
}
