// agencies.js: the participating UN agencies (administrators only). /agencies lists them with
// their e-mail domains and adds one (code, name, domains); /agencies/:id changes an agency's name
// and domains. The code never changes: accounts and imported files name the agency by it.
import { get, post, patch, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, textInput, textArea, showErrors, clearErrors, errorText, notice } from '../dom.js';
import { app } from '../app.js';
import { notAllowed } from './users.js';

// One domain a line (commas and spaces also separate them), as the API takes them: a list.
const domainsOf = (text) => text.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);

// The server's problems beside their field: every domains[i] goes to the one domains box.
function serverErrors(err) {
	if (err.code === 'code_taken') return [{ field: 'code', message: t('error.code.code_taken') }];
	if (err.code === 'domain_taken') return [{ field: 'domains', message: `${t('error.domains.domain_taken')} ${err.message}` }];
	if (!err.errors || !err.errors.length) return [{ code: err.code, message: err.message }];
	return err.errors.map((e) => (e.field && e.field.startsWith('domains')
		? { field: 'domains', message: errorText(e.code, e.message, 'domains') } : e));
}

async function submit(form, send, done) {
	clearErrors(form);
	try {
		await send();
		done();
	} catch (err) {
		if (err instanceof ApiError) showErrors(form, serverErrors(err));
		else throw err;
	}
}

function domainsField(value) {
	return textArea({ id: 'agency-domains', field: 'domains', label: t('agencies.domains'), hint: t('agencies.domains_hint'), value, rows: 3 });
}

async function renderList(root) {
	const items = (await get('/agencies')).items || [];
	const rows = items.map((g) => h('tr', { id: `agency-row-${g.code}` },
		h('td', { 'data-label': t('agencies.code') }, g.code),
		h('td', { 'data-label': t('agencies.name') }, h('a', { href: `/agencies/${encodeURIComponent(g.id)}`, id: `agency-link-${g.code}` },
			g.name, h('span', { class: 'visually-hidden' }, ` – ${t('agencies.change')}`))),
		h('td', { 'data-label': t('agencies.domains') }, (g.domains || []).length ? g.domains.join(', ') : t('agencies.no_domains'))));
	const form = h('form', { class: 'form', novalidate: true, id: 'agency-form' },
		h('h2', { class: 'heading-m' }, t('agencies.new_title')),
		textInput({ id: 'agency-code', field: 'code', label: t('agencies.code'), hint: t('agencies.code_hint'), width: 'input--10',
			attrs: { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters' } }),
		textInput({ id: 'agency-name', field: 'name', label: t('agencies.name'), width: 'input--30', attrs: { autocomplete: 'off' } }),
		domainsField(''),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'agency-save' }, t('agencies.create'))));
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const code = form.querySelector('#agency-code').value.trim().toUpperCase();
		const name = form.querySelector('#agency-name').value.trim();
		const errors = [];
		if (!code) errors.push({ field: 'code', message: t('error.code.required') });
		if (!name) errors.push({ field: 'name', message: t('error.agency_name.required') });
		if (errors.length) { showErrors(form, errors); return; }
		submit(form, () => post('/agencies', { code, name, domains: domainsOf(form.querySelector('#agency-domains').value) }), () => {
			app.flash = t('agencies.created', { code });
			app.navigate('/agencies', { replace: true });
		});
	});
	add(root,
		h('h1', { class: 'heading-l' }, t('agencies.title')),
		h('p', { class: 'lead' }, t('agencies.lead')),
		h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack', id: 'agencies-table' },
			h('caption', { class: 'visually-hidden' }, t('agencies.title')),
			h('thead', {}, h('tr', {}, ['code', 'name', 'domains'].map((c) => h('th', { scope: 'col' }, t(`agencies.${c}`))))),
			h('tbody', {}, rows))),
		form);
}

async function renderOne(root, id) {
	const g = ((await get('/agencies')).items || []).find((x) => String(x.id) === String(id));
	if (!g) throw new ApiError(404, null);
	const form = h('form', { class: 'form', novalidate: true, id: 'agency-form' },
		textInput({ id: 'agency-name', field: 'name', label: t('agencies.name'), value: g.name, width: 'input--30', attrs: { autocomplete: 'off' } }),
		domainsField((g.domains || []).join('\n')),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'agency-save' }, t('agencies.save')),
			h('a', { href: '/agencies' }, t('common.cancel'))));
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		const name = form.querySelector('#agency-name').value.trim();
		if (!name) { showErrors(form, [{ field: 'name', message: t('error.agency_name.required') }]); return; }
		submit(form, () => patch(`/agencies/${encodeURIComponent(g.id)}`, { name, domains: domainsOf(form.querySelector('#agency-domains').value) },
			{ version: g.version }), () => {
			app.flash = t('agencies.saved', { code: g.code });
			app.navigate('/agencies');
		});
	});
	add(root,
		h('a', { href: '/agencies', class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, g.code),
		h('h1', { class: 'heading-l' }, t('agencies.edit_title', { name: g.name })),
		notice(t('agencies.code_fixed', { code: g.code }), 'info'),
		form);
}

export async function render(root, { params }) {
	if (!app.can('admin')) return notAllowed(root, 'admin.forbidden_agencies');
	return params.id ? renderOne(root, params.id) : renderList(root);
}
