// invitation-new.js: inviting a person by e-mail. An administrator chooses any organisation (an
// agency from the list, or a partner found by name or number) and a role that fits it; an agency
// advanced editor invites a partner's people, with a partner role, into a partner its agency
// works with. The person receives a link to choose their name, password and language.
import { get, post, ApiError } from '../api.js';
import { t, LANGUAGES, language } from '../i18n.js';
import { h, add, select, textInput, radios, radioValue, showErrors, clearErrors, errorText } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { rolesFor, notAllowed } from './users.js';
import { partnerPicker } from './user.js';
import { mayInvite } from './invitations.js';

const roleOptions = (kind) => [['', t('common.choose')], ...rolesFor(kind).map((r) => [r, fmt.word('role', r)])];

// The server's refusals beside the field they concern.
function serverErrors(err, orgField) {
	if (err.code === 'email_taken') return [{ field: 'email', message: t('error.email.email_taken') }];
	if (err.code === 'invitation_pending') return [{ field: 'email', message: t('error.invitation_pending') }];
	if (err.code === 'forbidden') return [{ field: orgField, message: t('error.invitation_not_partner_of_agency') }];
	if (!err.errors || !err.errors.length) return [{ code: err.code, message: err.message }];
	return err.errors.map((e) => (e.field === 'organization_id' ? { field: orgField, message: errorText(e.code, e.message, e.field) } : e));
}

export async function render(root) {
	if (!mayInvite()) return notAllowed(root, 'invitations.forbidden');
	const admin = app.can('admin');
	const agencies = admin ? (await get('/agencies')).items || [] : [];
	const agency = admin ? select({ id: 'user-agency', field: 'agency_id', label: t('users.agency'),
		options: [['', t('common.choose')], ...agencies.map((g) => [g.id, g.name || g.code])] }) : null;
	const partner = partnerPicker();
	const role = select({ id: 'invite-role', field: 'role', label: t('user.role'), hint: t('invitations.role_hint'),
		options: roleOptions(admin ? 'agency' : 'partner') });
	const form = h('form', { class: 'form', novalidate: true, id: 'invite-form' },
		textInput({ id: 'invite-email', field: 'email', label: t('user.email'), type: 'email', width: 'input--30', autocomplete: 'off', attrs: { spellcheck: 'false' } }),
		admin ? radios({ id: 'invite-kind', field: 'kind', label: t('users.kind'), value: 'agency', inline: true,
			options: [['agency', t('users.kind_agency')], ['partner', t('users.kind_partner')]] }) : null,
		h('div', { class: admin ? 'conditional' : '' }, agency, partner),
		role,
		select({ id: 'invite-language', field: 'language', label: t('users.language'), hint: t('invitations.language_hint'),
			options: LANGUAGES.map((l) => [l, t(`language.${l}`)]), value: language() }),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'invite-send' }, t('invitations.send')),
			h('a', { href: '/invitations' }, t('common.cancel'))));
	const kindOf = () => (admin ? radioValue(form, 'invite-kind') : 'partner');
	// the organisation's kind decides which control is shown and which roles are offered
	const sync = () => {
		const kind = kindOf();
		if (agency) agency.hidden = kind !== 'agency';
		partner.hidden = kind !== 'partner';
		const roleSelect = role.querySelector('select');
		const chosen = roleSelect.value;
		roleSelect.replaceChildren(...roleOptions(kind).map(([v, text]) => h('option', { value: v, selected: v === chosen }, text)));
	};
	form.querySelectorAll('input[name="invite-kind"]').forEach((r) => r.addEventListener('change', sync));
	sync();
	add(root, h('a', { href: '/invitations', class: 'back-link' }, t('common.back')),
		h('h1', { class: 'heading-l' }, t('invitations.new_title')),
		h('p', {}, t(admin ? 'invitations.new_intro_admin' : 'invitations.new_intro_agency')), form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const kind = kindOf();
		const orgField = kind === 'partner' ? 'partner_id' : 'agency_id';
		const body = { email: form.querySelector('#invite-email').value.trim(), role: form.querySelector('#invite-role').value,
			language: form.querySelector('#invite-language').value,
			organization_id: kind === 'partner' ? (radioValue(form, 'user-partner') || '') : form.querySelector('#user-agency').value };
		const errors = [];
		if (!body.email) errors.push({ field: 'email', code: 'user_email_missing' });
		else if (!/^[^\s@]+@[^\s@]+$/.test(body.email)) errors.push({ field: 'email', code: 'user_email_invalid' });
		if (!body.organization_id) errors.push({ field: orgField, code: `user_${orgField}_missing` });
		if (!body.role) errors.push({ field: 'role', code: 'user_role_missing' });
		if (errors.length) { showErrors(root, errors); return; }
		const send = form.querySelector('#invite-send');
		send.disabled = true;
		try {
			const made = await post('/invitations', body);
			app.flash = t('invitations.sent_notice', { email: made.email });
			app.navigate('/invitations');
		} catch (err) {
			send.disabled = false;
			if (!(err instanceof ApiError)) throw err;
			showErrors(root, serverErrors(err, orgField));
		}
	});
}
