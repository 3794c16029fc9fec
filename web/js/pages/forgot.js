// forgot.js: "Forgot your password?". The person gives their address and is told the same
// thing whether or not an account has it: a link is on its way if one does.
import { post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, clear, textInput, showErrors, clearErrors } from '../dom.js';

export async function render(root, { query }) {
	const form = h('form', { class: 'form', novalidate: true, id: 'forgot-form' },
		textInput({ id: 'forgot-email', label: t('signin.email'), type: 'email', autocomplete: 'username', field: 'email', width: 'input--30',
			value: query.email || '', attrs: { spellcheck: 'false' } }),
		h('div', { class: 'button-group' },
			h('button', { type: 'submit', class: 'button', id: 'forgot-submit' }, t('forgot.submit')),
			h('a', { href: '/signin' }, t('forgot.back'))));
	const box = h('div', { class: 'narrow' },
		h('a', { href: '/signin', class: 'back-link' }, t('common.back')),
		h('h1', { class: 'heading-xl' }, t('forgot.title')),
		h('p', { class: 'lead' }, t('forgot.lead')),
		form);
	add(root, box);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(box);
		const email = form.querySelector('#forgot-email').value.trim();
		if (!email) { showErrors(box, [{ field: 'email', code: 'forgot_email_missing' }]); return; }
		const submit = form.querySelector('button[type=submit]');
		submit.disabled = true;
		try {
			await post('/password-resets', { email });
		} catch (err) {
			submit.disabled = false;
			if (err instanceof ApiError && err.status === 429) showErrors(box, [{ code: 'forgot_too_many' }]);
			else if (err instanceof ApiError && err.errors.length) showErrors(box, err.errors.map((x) => ({ ...x, code: x.field === 'email' ? 'user_email_invalid' : x.code })));
			else showErrors(box, [{ code: err.code, message: err.message }]);
			return;
		}
		clear(box);
		add(box, h('h1', { class: 'heading-xl', id: 'forgot-sent' }, t('forgot.sent_title')),
			h('p', { class: 'lead' }, t('forgot.sent_text', { email })),
			h('p', {}, t('forgot.sent_more')),
			h('p', {}, h('a', { href: '/signin' }, t('forgot.back'))));
		const title = box.querySelector('h1');
		title.setAttribute('tabindex', '-1');
		title.focus();
		document.title = `${title.textContent} – ${t('app.name')}`;
	});
}
