// signin.js: the sign-in page.
import { post, ApiError } from '../api.js';
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
			const s = await post('/session', { email, password });
			signedIn(s.user, s.csrf_token, s.limits);
			await applyUserLanguage();
			const next = query.next && query.next.startsWith('/') && !query.next.startsWith('//') ? query.next : '/';
			app.navigate(next, { replace: true });
		} catch (err) {
			submit.disabled = false;
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
}
