// signin.js: the sign-in page.
import { get, post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, textInput, showErrors, clearErrors } from '../dom.js';
import { app, signedIn, applyUserLanguage } from '../app.js';

export async function render(root, { query }) {
	const form = h('form', { class: 'form', novalidate: true, id: 'signin-form' },
		textInput({ id: 'email', label: t('signin.email'), type: 'email', autocomplete: 'username', field: 'email', width: 'input--30' }),
		textInput({ id: 'password', label: t('signin.password'), type: 'password', autocomplete: 'current-password', field: 'password', width: 'input--30' }),
		h('button', { type: 'submit', class: 'button', id: 'signin-submit' }, t('signin.submit')));
	const box = h('div', { class: 'narrow' },
		h('h1', { class: 'heading-xl' }, t('signin.title')),
		h('p', { class: 'lead' }, t('signin.lead')),
		form,
		h('p', {}, h('a', { href: '/forgot', id: 'signin-forgot', onclick: (e) => {
			// the address typed so far goes along, so it need not be typed again
			const email = form.email.value.trim();
			if (email) e.currentTarget.setAttribute('href', `/forgot?${new URLSearchParams({ email })}`);
		} }, t('signin.forgot'))),
		h('details', { class: 'details' },
			h('summary', { class: 'details__summary' }, t('signin.help_title')),
			h('div', { class: 'details__text' }, h('p', {}, t('signin.help_text')))));
	add(root, box);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(box);
		const email = form.email.value.trim();
		const password = form.password.value;
		const missing = [];
		if (!email) missing.push({ field: 'email', code: 'signin_email_missing' });
		if (!password) missing.push({ field: 'password', code: 'signin_password_missing' });
		if (missing.length) { showErrors(box, missing); return; }
		const submit = form.querySelector('button[type=submit]');
		submit.disabled = true;
		try {
			await enter(await post('/session', { email, password }), query);
		} catch (err) {
			submit.disabled = false;
			if (err instanceof ApiError && err.code === 'two_step_required') {
				secondStep(box, form, err.problem.challenge, query);
				return;
			}
			if (err instanceof ApiError && err.code === 'invalid_credentials') {
				showErrors(box, [{ field: 'email', code: 'invalid_credentials' }]);
			} else if (err instanceof ApiError && err.errors.length) {
				showErrors(box, err.errors);
			} else {
				showErrors(box, [{ code: err.code, message: err.message }]);
			}
			form.password.value = '';
		}
	});
	await offerProviders(box, form, query);
	// the return from an agency's sign-in service, when it did not sign the person in
	if (query.sso_error && /^[a-z_]+$/.test(query.sso_error)) showErrors(box, [{ code: `sso_${query.sso_error}` }]);
}

// "Sign in with ..." for each single sign-on provider, above the password form. A server without
// providers (or one that cannot list them) shows the password form alone.
async function offerProviders(box, form, query) {
	let providers = [];
	try { providers = (await get('/auth/oidc/providers')).items; } catch { return; }
	if (!providers.length) return;
	const next = query.next && query.next.startsWith('/') && !query.next.startsWith('//') ? `?next=${encodeURIComponent(query.next)}` : '';
	const section = h('section', { class: 'sso', 'aria-labelledby': 'sso-title' },
		h('h2', { class: 'heading-m', id: 'sso-title' }, t('signin.sso_title')),
		h('p', {}, t('signin.sso_lead')),
		h('div', { class: 'button-group' }, providers.map((p) =>
			h('a', { class: 'button button--secondary', href: p.start + next, 'data-provider': p.name },
				t('signin.sso_button', { name: p.display_name })))),
		h('h2', { class: 'heading-m' }, t('signin.password_title')));
	form.before(section);
}

// The session has started: the person's language, then the page they were going to.
async function enter(s, query) {
	signedIn(s.user, s.csrf_token, s.limits, s.two_step_due);
	await applyUserLanguage();
	const next = query.next && query.next.startsWith('/') && !query.next.startsWith('//') ? query.next : '/';
	app.navigate(next, { replace: true });
}

// The password was right and the account signs in in two steps: the code of the app (or a
// recovery code) replaces the password form.
function secondStep(box, passwordForm, challenge, query) {
	clearErrors(box);
	box.querySelector('.sso')?.remove();
	const form = h('form', { class: 'form', novalidate: true, id: 'two-step-form' },
		h('h2', { class: 'heading-m' }, t('signin.two_step_title')),
		h('p', {}, t('signin.two_step_lead')),
		textInput({ id: 'two-step-code', label: t('signin.two_step_code'), hint: t('signin.two_step_hint'), field: 'code',
			autocomplete: 'one-time-code', width: 'input--10', attrs: { inputmode: 'text', spellcheck: 'false', autocapitalize: 'none' } }),
		h('button', { type: 'submit', class: 'button', id: 'two-step-submit' }, t('signin.two_step_submit')));
	passwordForm.replaceWith(form);
	form.querySelector('#two-step-code').focus();
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(box);
		const code = form.querySelector('#two-step-code').value.trim();
		if (!code) { showErrors(box, [{ field: 'code', code: 'two_step_code_missing' }]); return; }
		const submit = form.querySelector('button[type=submit]');
		submit.disabled = true;
		try {
			await enter(await post('/session/two-step', { challenge, code }), query);
		} catch (err) {
			submit.disabled = false;
			form.querySelector('#two-step-code').value = '';
			if (err instanceof ApiError && err.code === 'invalid_code') showErrors(box, [{ field: 'code', code: 'invalid_code' }]);
			else showErrors(box, [{ code: err.code, message: err.message }]);
		}
	});
}
