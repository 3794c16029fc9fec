// user.js: one account (administrators only). /users/new creates it: name, e-mail, the
// organisation (an agency from the list, or a partner found by name or number), a role that
// fits that organisation, the language and a first password. /users/:id changes it: name, role,
// language, whether it may sign in, a new password; only what changed is sent, with the version
// read, so a colleague's change in between is not silently undone.
import { get, getOptional, post, patch } from '../api.js';
import { t, LANGUAGES } from '../i18n.js';
import { h, add, textInput, select, radios, radioValue, summaryList, showErrors, clearErrors, errorText, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { rolesFor, knownUsers, remember, notAllowed, activeTag } from './users.js';
import { countryName } from '../countries.js';

const PASSWORD_MIN = 12;
const roleOptions = (kind) => [['', t('common.choose')], ...rolesFor(kind).map((r) => [r, fmt.word('role', r)])];
const languageOptions = () => LANGUAGES.map((l) => [l, t(`language.${l}`)]);
const value = (form, id) => form.querySelector(`#${id}`).value.trim();

// The account with this id, read afresh (its version must be the latest for the change to land).
async function findUser(id) {
	const u = await getOptional(`/users/${encodeURIComponent(id)}`);
	if (u) remember([u]);
	return u;
}

// The server's problems, beside the field that shows them. A taken e-mail comes as a conflict
// without a field; the organisation is typed in one of two controls, whichever is shown.
function serverErrors(err, orgField) {
	if (err.code === 'email_taken') return [{ field: 'email', message: t('error.email.email_taken') }];
	if (!err.errors.length) return [{ code: err.code, message: err.message }];
	return err.errors.map((e) => (e.field === 'organization_id'
		? { field: orgField, message: errorText(e.code, e.message, e.field) } : e));
}

function passwordProblem(password) {
	return password.length < PASSWORD_MIN ? 'user_password_short' : null;
}

// The partner search: a name or a partner's number; matches are offered as radios.
export function partnerPicker() {
	const results = h('div', { id: 'user-partner-results', 'aria-live': 'polite' });
	const search = textInput({ id: 'user-partner-q', field: 'partner_id', label: t('users.partner'), hint: t('users.partner_hint'),
		type: 'search', width: 'input--30', attrs: { autocomplete: 'off' } });
	const find = async () => {
		const q = search.querySelector('input').value.trim();
		results.replaceChildren();
		if (!q) return;
		const byName = (await get(`/partners?${new URLSearchParams({ q, limit: '10' })}`)).items || [];
		const byNumber = /^\d+$/.test(q) ? await getOptional(`/partners/${q}`).catch(() => null) : null;
		const found = [...(byNumber ? [byNumber] : []), ...byName.filter((p) => !byNumber || String(p.id) !== String(byNumber.id))];
		if (!found.length) { add(results, h('p', { class: 'empty', id: 'user-partner-none' }, t('users.partner_none', { q }))); return; }
		add(results, radios({ id: 'user-partner', label: t('users.partner_found', { n: found.length }), field: 'partner_choice', value: found.length === 1 ? found[0].id : null,
			options: found.map((p) => [p.id, `${p.name}${p.country ? ` (${countryName(p.country)})` : ''} – ${t('users.partner_number', { id: p.id })}`]) }));
	};
	search.querySelector('input').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); find(); } });
	const wrap = h('div', { id: 'user-partner-picker' }, search,
		h('button', { type: 'button', class: 'button button--secondary', id: 'user-partner-find', onclick: find }, t('users.partner_find')), results);
	return wrap;
}

async function renderCreate(root) {
	const agencies = (await get('/agencies')).items || [];
	const agency = select({ id: 'user-agency', field: 'agency_id', label: t('users.agency'),
		options: [['', t('common.choose')], ...agencies.map((g) => [g.id, g.name || g.code])] });
	const partner = partnerPicker();
	const role = select({ id: 'user-role', field: 'role', label: t('user.role'), hint: t('users.role_hint'), options: roleOptions('agency') });
	const form = h('form', { class: 'form', novalidate: true, id: 'user-form' },
		textInput({ id: 'user-name', field: 'name', label: t('user.name'), width: 'input--30', autocomplete: 'off' }),
		textInput({ id: 'user-email', field: 'email', label: t('user.email'), type: 'email', width: 'input--30', autocomplete: 'off', attrs: { spellcheck: 'false' } }),
		radios({ id: 'user-kind', field: 'kind', label: t('users.kind'), value: 'agency', inline: true,
			options: [['agency', t('users.kind_agency')], ['partner', t('users.kind_partner')]] }),
		h('div', { class: 'conditional' }, agency, partner),
		role,
		select({ id: 'user-language', field: 'language', label: t('users.language'), hint: t('users.language_hint'), options: languageOptions(), value: 'en' }),
		textInput({ id: 'user-password', field: 'password', label: t('users.password'), hint: t('users.password_hint', { n: PASSWORD_MIN }),
			type: 'password', width: 'input--30', autocomplete: 'new-password' }),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'user-save' }, t('users.create')),
			h('a', { href: '/users' }, t('common.cancel'))));
	// the organisation's kind decides which control is shown and which roles are offered
	const sync = () => {
		const kind = radioValue(form, 'user-kind');
		agency.hidden = kind !== 'agency';
		partner.hidden = kind !== 'partner';
		const roleSelect = role.querySelector('select');
		const chosen = roleSelect.value;
		const options = roleOptions(kind);
		roleSelect.replaceChildren(...options.map(([v, text]) => h('option', { value: v, selected: v === chosen }, text)));
	};
	form.querySelectorAll('input[name="user-kind"]').forEach((r) => r.addEventListener('change', sync));
	sync();
	add(root, h('a', { href: '/users', class: 'back-link' }, t('common.back')),
		h('h1', { class: 'heading-l' }, t('users.new_title')),
		h('p', {}, t('users.new_intro')), form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const kind = radioValue(form, 'user-kind');
		const orgField = kind === 'partner' ? 'partner_id' : 'agency_id';
		const body = { name: value(form, 'user-name'), email: value(form, 'user-email'), role: value(form, 'user-role'),
			language: value(form, 'user-language'), password: form.querySelector('#user-password').value };
		body.organization_id = kind === 'partner' ? (radioValue(form, 'user-partner') || '') : value(form, 'user-agency');
		const errors = [];
		if (!body.name) errors.push({ field: 'name', code: 'user_name_missing' });
		if (!body.email) errors.push({ field: 'email', code: 'user_email_missing' });
		else if (!/^[^\s@]+@[^\s@]+$/.test(body.email)) errors.push({ field: 'email', code: 'user_email_invalid' });
		if (!body.organization_id) errors.push({ field: orgField, code: `user_${orgField}_missing` });
		if (!body.role) errors.push({ field: 'role', code: 'user_role_missing' });
		if (!body.password) errors.push({ field: 'password', code: 'user_password_missing' });
		else if (passwordProblem(body.password)) errors.push({ field: 'password', message: t('error.user_password_short', { n: PASSWORD_MIN }) });
		if (errors.length) { showErrors(root, errors); return; }
		try {
			const made = await post('/users', body);
			remember([made]);
			app.flash = t('users.created', { name: made.name });
			app.navigate('/users');
		} catch (err) {
			showErrors(root, serverErrors(err, orgField));
		}
	});
}

async function renderEdit(root, id) {
	const u = await findUser(id);
	if (!u) {
		const notfound = await import('./notfound.js');
		return notfound.render(root, {});
	}
	const kind = u.organization && u.organization.kind === 'partner' ? 'partner' : 'agency';
	const self = String(app.user.id) === String(u.id);
	const form = h('form', { class: 'form', novalidate: true, id: 'user-form' },
		textInput({ id: 'user-name', field: 'name', label: t('user.name'), value: u.name, width: 'input--30', autocomplete: 'off' }),
		self ? null : select({ id: 'user-role', field: 'role', label: t('user.role'), hint: t(`users.role_hint_${kind}`), options: roleOptions(kind).slice(1), value: u.role }),
		select({ id: 'user-language', field: 'language', label: t('users.language'), options: languageOptions(), value: u.language }),
		self ? null : radios({ id: 'user-active', field: 'active', label: t('users.access'), value: u.active ? 'true' : 'false',
			options: [['true', t('users.access_on'), t('users.access_on_hint')], ['false', t('users.access_off'), t('users.access_off_hint')]] }),
		textInput({ id: 'user-password', field: 'password', label: t('users.new_password'), hint: t('users.new_password_hint', { n: PASSWORD_MIN }),
			type: 'password', width: 'input--30', autocomplete: 'new-password' }),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'user-save' }, t('users.save')),
			h('a', { href: '/users' }, t('common.cancel'))));
	add(root, h('a', { href: '/users', class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, t('users.title')),
		h('h1', { class: 'heading-l' }, t('users.edit_title', { name: u.name })),
		summaryList([
			[t('user.email'), u.email],
			[t('user.organisation'), `${u.organization ? u.organization.name : ''} (${t(`users.kind_${kind}`)})`],
			[t('users.status'), activeTag(u)],
		]),
		self ? notice(t('users.self_note')) : null,
		form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		root.querySelector('#user-unchanged')?.remove();
		const changes = {};
		const name = value(form, 'user-name');
		const password = form.querySelector('#user-password').value;
		if (name !== u.name) changes.name = name;
		if (!self && value(form, 'user-role') !== u.role) changes.role = value(form, 'user-role');
		if (value(form, 'user-language') !== u.language) changes.language = value(form, 'user-language');
		if (!self && (radioValue(form, 'user-active') === 'true') !== u.active) changes.active = radioValue(form, 'user-active') === 'true';
		if (password) changes.password = password;
		const errors = [];
		if (!name) errors.push({ field: 'name', code: 'user_name_missing' });
		if (password && passwordProblem(password)) errors.push({ field: 'password', message: t('error.user_password_short', { n: PASSWORD_MIN }) });
		if (errors.length) { showErrors(root, errors); return; }
		if (!Object.keys(changes).length) {
			const unchanged = notice(t('users.unchanged'));
			unchanged.id = 'user-unchanged';
			form.before(unchanged);
			return;
		}
		try {
			const saved = await patch(`/users/${encodeURIComponent(u.id)}`, changes, { version: u.version });
			remember([saved]);
			app.flash = t(changes.active === false ? 'users.saved_inactive' : 'users.saved', { name: saved.name });
			app.navigate('/users');
		} catch (err) {
			if (err.status === 409) knownUsers.delete(String(u.id)); // read it again on reload
			showErrors(root, serverErrors(err, 'name'));
		}
	});
}

export async function render(root, { params }) {
	if (!app.can('admin')) return notAllowed(root, 'admin.forbidden_users');
	return params.id ? renderEdit(root, params.id) : renderCreate(root);
}
