// security.js: two-step sign-in of one's own account. Off: a button gives a new secret, shown as
// text to type into an authenticator app and as its otpauth:// address; a code from the app
// turns it on and the ten recovery codes are shown, once. On: how many recovery codes are left,
// and turning it off with a code (unless the person's role must keep it).
import { get, post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, clear, textInput, showErrors, clearErrors, notice } from '../dom.js';
import { app } from '../app.js';

export async function render(root) {
	const state = await get('/account/two-step');
	const box = h('div', { class: 'narrow' }, h('h1', { class: 'heading-xl' }, t('security.title')));
	add(root, box);
	if (!state.available) { box.append(h('p', {}, t('security.sso'))); return; }
	if (state.enabled) { showOn(box, state); return; }
	if (app.twoStepDue) box.append(notice(t('security.due'), 'warning'));
	box.append(h('p', { class: 'lead' }, t('security.lead')),
		h('p', {}, t('security.off')),
		h('button', { type: 'button', class: 'button', id: 'two-step-begin', onclick: () => begin(box) }, t('security.begin')));
}

function showOn(box, state) {
	box.append(notice(t('security.on'), 'success'),
		h('p', {}, t('security.codes_left', { n: state.recovery_codes_left })));
	const form = h('form', { class: 'form', novalidate: true, id: 'two-step-off-form' },
		h('h2', { class: 'heading-m' }, t('security.off_title')),
		textInput({ id: 'two-step-off-code', label: t('signin.two_step_code'), hint: t('signin.two_step_hint'), field: 'code',
			autocomplete: 'one-time-code', width: 'input--10' }),
		h('button', { type: 'submit', class: 'button button--warning', id: 'two-step-off' }, t('security.off_submit')));
	box.append(form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(box);
		const code = form.querySelector('#two-step-off-code').value.trim();
		if (!code) { showErrors(box, [{ field: 'code', code: 'two_step_code_missing' }]); return; }
		try {
			await post('/account/two-step/disable', { code });
			app.flash = t('security.turned_off');
			app.navigate('/account/security', { replace: true });
		} catch (err) {
			showProblem(box, err);
		}
	});
}

function showProblem(box, err) {
	if (err instanceof ApiError && err.errors.length) showErrors(box, err.errors);
	else showErrors(box, [{ code: err.code, message: err.message }]);
}

// The secret for the app, and the code that proves the app has it.
async function begin(box) {
	clearErrors(box);
	let secret;
	try { secret = await post('/account/two-step', {}); } catch (err) { showProblem(box, err); return; }
	const title = box.querySelector('h1');
	clear(box);
	box.append(title,
		h('ol', { class: 'steps' },
			h('li', {}, h('p', {}, t('security.step_app')),
				h('p', {}, t('security.secret_label'), ' ', h('code', { id: 'two-step-secret', class: 'secret' }, secret.secret.match(/.{1,4}/g).join(' '))),
				h('details', { class: 'details' },
					h('summary', { class: 'details__summary' }, t('security.uri_label')),
					h('div', { class: 'details__text' }, h('code', { id: 'two-step-uri', class: 'secret' }, secret.otpauth_uri)))),
			h('li', {}, h('p', {}, t('security.step_code')))));
	const form = h('form', { class: 'form', novalidate: true, id: 'two-step-confirm-form' },
		textInput({ id: 'two-step-new-code', label: t('security.code_label'), field: 'code', autocomplete: 'one-time-code',
			width: 'input--10', attrs: { inputmode: 'numeric' } }),
		h('button', { type: 'submit', class: 'button', id: 'two-step-confirm' }, t('security.confirm')));
	box.append(form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(box);
		const code = form.querySelector('#two-step-new-code').value.trim();
		if (!code) { showErrors(box, [{ field: 'code', code: 'two_step_code_missing' }]); return; }
		try {
			const done = await post('/account/two-step/confirm', { code });
			showRecoveryCodes(box, done.recovery_codes);
		} catch (err) {
			showProblem(box, err);
		}
	});
	box.querySelector('#two-step-new-code').focus();
}

function showRecoveryCodes(box, codes) {
	const title = box.querySelector('h1');
	clear(box);
	app.twoStepDue = false;
	box.append(title, notice(t('security.on'), 'success'),
		h('h2', { class: 'heading-m', id: 'recovery-title' }, t('security.recovery_title')),
		h('p', {}, t('security.recovery_text')),
		h('ul', { class: 'recovery-codes', id: 'recovery-codes', 'aria-labelledby': 'recovery-title' }, codes.map((c) => h('li', {}, h('code', {}, c)))),
		h('button', { type: 'button', class: 'button', id: 'recovery-kept', onclick: () => app.navigate('/', { replace: true }) }, t('security.recovery_kept')));
	box.querySelector('#recovery-title').focus?.();
}
