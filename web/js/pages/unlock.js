// unlock.js: a reason, then one of three requests: unlock the rating, unlock the
// self-assessment (agency), or ask the agency for an unlock (partner).
import { post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, textArea, showErrors, showProblem, clearErrors } from '../dom.js';
import { app } from '../app.js';
import { loadAssessment, partnerName, conflictNotice } from '../psea.js';

const KINDS = {
	rating: { path: 'unlock-rating', key: 'rating' },
	self: { path: 'unlock-self-assessment', key: 'self' },
	request: { path: 'unlock-requests', key: 'request' },
};

export async function render(root, { params }) {
	const kind = KINDS[params.kind];
	if (!kind) throw new ApiError(404, null);
	const a = await loadAssessment(params.id);
	const base = `/assessments/${encodeURIComponent(a.id)}`;
	const form = h('form', { class: 'form', novalidate: true, id: 'unlock-form' },
		textArea({ id: 'reason', label: t(`unlock.${kind.key}_reason`), hint: t(`unlock.${kind.key}_hint`), field: 'reason', rows: 5 }),
		h('div', { class: 'button-group' },
			h('button', { type: 'submit', class: kind.key === 'request' ? 'button' : 'button button--warning', id: 'unlock-submit' }, t(`unlock.${kind.key}_submit`)),
			h('a', { href: base }, t('common.cancel'))));
	add(root, 
		h('a', { href: base, class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, partnerName(a)),
		h('h1', { class: 'heading-l' }, t(`unlock.${kind.key}_title`)),
		h('p', { class: 'lead' }, t(`unlock.${kind.key}_lead`)),
		form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const reason = form.querySelector('#reason').value.trim();
		if (!reason) { showErrors(root, [{ field: 'reason', code: 'reason_missing' }]); return; }
		try {
			await post(`${base}/${kind.path}`, { reason }, kind.key === 'request' ? {} : { version: a.version });
			app.flash = t(`unlock.${kind.key}_done`);
			app.navigate(base);
		} catch (err) {
			if (err instanceof ApiError && err.code === 'version_conflict') conflictNotice(root);
			else showProblem(root, err);
		}
	});
}
