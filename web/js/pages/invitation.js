// invitation.js: the page an invitation link opens (/invitation/SECRET). It shows who invited the
// person, into which organisation and with which role; the person chooses a name, a password and
// a language, and is signed in to the account this makes. A link used, withdrawn or expired
// says so and what to do instead.
import { get, post, ApiError } from '../api.js';
import { t, LANGUAGES, language } from '../i18n.js';
import { h, add, textInput, select, summaryList, showErrors, clearErrors } from '../dom.js';
import * as fmt from '../format.js';
import { app, signedIn, applyUserLanguage } from '../app.js';
import { showLinkProblem } from './link-problem.js';
import { PASSWORD_MIN } from './reset.js';

const problemLinks = (code) => (code === 'invitation_accepted'
	? [['/signin', t('signin.submit'), 'invitation-signin'], ['/forgot', t('signin.forgot')]]
	: [['/signin', t('forgot.back')]]);

export async function render(root, { params }) {
	const path = `/invitation-links/${encodeURIComponent(params.token)}`;
	let inv;
	try {
		inv = await get(path);
	} catch (err) {
		return showLinkProblem(root, err, 'invitation', problemLinks(err.code));
	}
	const form = h('form', { class: 'form', novalidate: true, id: 'invitation-form' },
		h('input', { type: 'email', autocomplete: 'username', value: inv.email, hidden: true, readonly: true }),
		textInput({ id: 'invitation-name', field: 'name', label: t('user.name'), hint: t('invitation.name_hint'), width: 'input--30', autocomplete: 'name' }),
		textInput({ id: 'invitation-password', field: 'password', label: t('users.password'), hint: t('reset.password_hint', { n: PASSWORD_MIN }),
			type: 'password', width: 'input--30', autocomplete: 'new-password' }),
		select({ id: 'invitation-language', field: 'language', label: t('users.language'), hint: t('invitation.language_hint'),
			options: LANGUAGES.map((l) => [l, t(`language.${l}`)]), value: language() }),
		h('button', { type: 'submit', class: 'button', id: 'invitation-submit' }, t('invitation.submit')));
	const box = h('div', { class: 'narrow' },
		h('h1', { class: 'heading-xl' }, t('invitation.title')),
		h('p', { class: 'lead' }, t('invitation.lead', { inviter: inv.invited_by.name, organization: inv.organization.name })),
		summaryList([
			[t('user.email'), inv.email],
			[t('user.organisation'), inv.organization.name],
			[t('user.role'), fmt.word('role', inv.role)],
			[t('invitation.valid_until'), fmt.dateTime(inv.expires_at)],
		]),
		form);
	add(root, box);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(box);
		const body = { name: form.querySelector('#invitation-name').value.trim(), password: form.querySelector('#invitation-password').value,
			language: form.querySelector('#invitation-language').value };
		const errors = [];
		if (!body.name) errors.push({ field: 'name', code: 'invitation_name_missing' });
		if (!body.password) errors.push({ field: 'password', code: 'reset_password_missing' });
		else if ([...body.password].length < PASSWORD_MIN) errors.push({ field: 'password', code: 'too_short' });
		if (errors.length) { showErrors(box, errors); return; }
		const submit = form.querySelector('button[type=submit]');
		submit.disabled = true;
		let made;
		try {
			made = await post(path, body);
		} catch (err) {
			submit.disabled = false;
			form.querySelector('#invitation-password').value = '';
			if (err instanceof ApiError && err.errors.length) { showErrors(box, err.errors); return; }
			box.replaceChildren();
			try { showLinkProblem(box, err, 'invitation', problemLinks(err.code)); } catch { showErrors(box, [{ code: err.code, message: err.message }]); }
			return;
		}
		// the new account signs in with what was just typed
		const s = await post('/session', { email: made.user.email, password: body.password });
		signedIn(s.user, s.csrf_token, s.limits);
		await applyUserLanguage();
		app.flash = t('invitation.welcome', { name: s.user.name });
		app.navigate('/', { replace: true });
	});
}
