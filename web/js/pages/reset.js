// reset.js: the page a password reset link opens (/reset/SECRET). It checks the link first, so a
// used or expired one says so before anything is typed; then one field for the new password.
// Saving it signs the account out everywhere; the person then signs in with the new password.
import { get, post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, clear, textInput, showErrors, clearErrors } from '../dom.js';
import { showLinkProblem } from './link-problem.js';

export const PASSWORD_MIN = 12;

export async function render(root, { params }) {
	const path = `/password-resets/${encodeURIComponent(params.token)}`;
	let reset;
	try {
		reset = await get(path);
	} catch (err) {
		return showLinkProblem(root, err, 'reset', [['/forgot', t('link.new_reset'), 'reset-again'], ['/signin', t('forgot.back')]]);
	}
	const form = h('form', { class: 'form', novalidate: true, id: 'reset-form' },
		// the account's address, for password managers to file the new password under
		h('input', { type: 'email', autocomplete: 'username', value: reset.email, hidden: true, readonly: true }),
		textInput({ id: 'reset-password', field: 'password', label: t('reset.password'), hint: t('reset.password_hint', { n: PASSWORD_MIN }),
			type: 'password', width: 'input--30', autocomplete: 'new-password' }),
		h('button', { type: 'submit', class: 'button', id: 'reset-submit' }, t('reset.submit')));
	const box = h('div', { class: 'narrow' },
		h('h1', { class: 'heading-xl' }, t('reset.title')),
		h('p', { class: 'lead' }, t('reset.lead', { email: reset.email })),
		form);
	add(root, box);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(box);
		const password = form.querySelector('#reset-password').value;
		if (!password) { showErrors(box, [{ field: 'password', code: 'reset_password_missing' }]); return; }
		if ([...password].length < PASSWORD_MIN) { showErrors(box, [{ field: 'password', code: 'too_short' }]); return; }
		const submit = form.querySelector('button[type=submit]');
		submit.disabled = true;
		try {
			await post(path, { password });
		} catch (err) {
			submit.disabled = false;
			form.querySelector('#reset-password').value = '';
			if (err instanceof ApiError && err.errors.length) { showErrors(box, err.errors); return; }
			clear(box);
			try { showLinkProblem(box, err, 'reset', [['/forgot', t('link.new_reset'), 'reset-again']]); } catch { showErrors(box, [{ code: err.code, message: err.message }]); }
			return;
		}
		clear(box);
		add(box, h('h1', { class: 'heading-xl', id: 'reset-done' }, t('reset.done_title')),
			h('p', { class: 'lead' }, t('reset.done_text')),
			h('p', {}, h('a', { href: `/signin`, class: 'button', id: 'reset-signin' }, t('signin.submit'))));
		const title = box.querySelector('h1');
		title.setAttribute('tabindex', '-1');
		title.focus();
		document.title = `${title.textContent} – ${t('app.name')}`;
	});
}
