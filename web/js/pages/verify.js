// verify.js: the agency's verification, each standard with the partner's answer, comment and
// documents on the left and the agency's verified answer and comment on the right.
import { put, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, radios, textArea, showProblem, radioValue, clearErrors, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { STANDARDS, loadAssessment, canVerify, canFinalize, standardTitle, standardOf, answerOptions, partnerName, conflictNotice, documentList } from '../psea.js';

export async function render(root, { params }) {
	const a = await loadAssessment(params.id);
	const base = `/assessments/${encodeURIComponent(a.id)}`;
	const editable = canVerify(a);
	const rows = STANDARDS.map((n, i) => {
		const s = standardOf(a, n);
		const self = s.self || {};
		const ver = s.verified || {};
		return h('section', { class: 'verify-row', 'aria-labelledby': `v-title-${n}` },
			h('h2', { class: 'verify-row__title', id: `v-title-${n}` }, t('standard.heading', { n, title: standardTitle(n) })),
			h('div', { class: 'verify-row__side' },
				h('h3', {}, t('verify.partner_side')),
				h('p', {}, h('strong', {}, self.answer ? fmt.word('answer', self.answer) : t('common.not_answered'))),
				self.comment ? h('p', {}, self.comment) : null,
				documentList(self.documents)),
			h('div', { class: 'verify-row__side' },
				h('h3', {}, t('verify.agency_side')),
				radios({ id: `verified-${n}`, label: t('verify.answer'), field: `answers[${i}].answer`, value: ver.answer, options: answerOptions(n), inline: true }),
				textArea({ id: `verified-comment-${n}`, label: t('verify.comment'), field: `answers[${i}].comment`, value: ver.comment, rows: 3 })));
	});
	const form = h('form', { class: 'form-wide', novalidate: true, id: 'verify-form' }, rows,
		editable ? h('div', { class: 'button-group' },
			h('button', { type: 'submit', class: 'button button--secondary', id: 'verify-save', value: 'later' }, t('common.save_later')),
			canFinalize(a) ? h('button', { type: 'submit', class: 'button', id: 'verify-finalize', value: 'finalize' }, t('verify.save_finalize')) : null) : null);
	if (!editable) form.querySelectorAll('input, textarea').forEach((el) => { el.disabled = true; });
	add(root, 
		h('a', { href: base, class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, partnerName(a)),
		h('h1', { class: 'heading-l' }, t('verify.title')),
		h('p', { class: 'lead' }, t('verify.lead')),
		editable ? null : notice(t('verify.read_only'), 'info'),
		form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const answers = STANDARDS.map((n) => ({ standard: n, answer: radioValue(form, `verified-${n}`), comment: form.querySelector(`#verified-comment-${n}`).value }));
		try {
			await put(`${base}/verification`, { answers }, { version: a.version });
			if (e.submitter && e.submitter.value === 'finalize') app.navigate(`${base}/finalize`);
			else { app.flash = t('common.saved_later'); app.navigate(base); }
		} catch (err) {
			if (err instanceof ApiError && err.code === 'version_conflict') conflictNotice(root);
			else showProblem(root, err);
		}
	});
}
