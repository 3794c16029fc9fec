// check.js: "check your answers" before the self-assessment is submitted. Every answer with a
// link to change it; the refusal of an incomplete submission lands on the rows concerned.
import { post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, showErrors, showProblem, notice, errorText } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { STANDARDS, loadAssessment, canEditSelf, standardTitle, standardOf, partnerName, preliminaryRating, ratingTag, conflictNotice } from '../psea.js';

function row(id, key, value, href) {
	return h('div', { class: 'summary-list__row', id, dataset: { field: id, errorFor: id }, tabindex: '-1' },
		h('dt', { class: 'summary-list__key' }, key),
		h('dd', { class: 'summary-list__value' }, h('p', { class: 'error-message', hidden: true }), value),
		href ? h('dd', { class: 'summary-list__actions' }, h('a', { href }, t('common.change'), h('span', { class: 'visually-hidden' }, ' ' + key))) : null);
}

// Which standard a problem entry speaks of: an explicit `standard`, else the number in its field.
function standardOfError(e) {
	if (e.standard) return Number(e.standard);
	const m = /(\d+)/.exec(e.field || '');
	if (!m) return null;
	const n = Number(m[1]);
	return /^answers\[/.test(e.field) ? n + 1 : n;
}

export async function render(root, { params }) {
	const a = await loadAssessment(params.id);
	const base = `/assessments/${encodeURIComponent(a.id)}`;
	const intro = a.intro || {};
	const editable = canEditSelf(a);
	const yesNo = (v) => (v === true ? t('answer.yes') : v === false ? t('answer.no') : t('common.not_answered'));
	const introRows = [
		row('intro-contact', t('intro.contact'), yesNo(intro.contact_with_beneficiaries), editable ? `${base}/intro` : null),
		row('intro-previous', t('intro.previously'), yesNo(intro.previously_assessed), editable ? `${base}/intro` : null),
	];
	const stdRows = STANDARDS.map((n) => {
		const self = standardOf(a, n).self || {};
		const docs = self.documents || [];
		return row(`standard-${n}`, t('standard.heading', { n, title: standardTitle(n) }), [
			h('p', {}, h('strong', {}, self.answer ? fmt.word('answer', self.answer) : t('common.not_answered'))),
			self.comment ? h('p', {}, self.comment) : null,
			h('p', { class: 'hint' }, t('check.documents', { n: docs.length })),
		], editable ? `${base}/standards/${n}` : null);
	});
	const prelim = preliminaryRating(a);
	add(root, 
		h('a', { href: base, class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, partnerName(a)),
		h('h1', { class: 'heading-l' }, t('check.title')),
		h('h2', { class: 'heading-m' }, t('intro.title')),
		h('dl', { class: 'summary-list' }, introRows),
		h('h2', { class: 'heading-m' }, t('check.section2')),
		h('dl', { class: 'summary-list' }, stdRows),
		prelim ? h('div', { class: 'panel' }, h('h2', { class: 'heading-s' }, t('assessment.preliminary')),
			h('p', {}, ratingTag(prelim.value), ' ', t('assessment.standards_met_value', { n: prelim.standards_met }))) : null);
	if (!editable) { add(root, notice(t('check.not_editable'), 'info')); return; }
	add(root, h('h2', { class: 'heading-m' }, t('check.declaration_title')),
		h('p', {}, t('check.declaration')),
		h('div', { class: 'button-group' },
			h('button', { type: 'button', class: 'button', id: 'submit-self', onclick: async (e) => {
				e.target.disabled = true;
				try {
					await post(`${base}/self-assessment/submit`, {}, { version: a.version });
					app.flash = t('check.submitted');
					app.navigate(base);
				} catch (err) {
					e.target.disabled = false;
					if (err instanceof ApiError && err.code === 'version_conflict') { conflictNotice(root); return; }
					if (err instanceof ApiError && err.errors.length) {
						showErrors(root, err.errors.map((x) => {
							const n = standardOfError(x);
							// The server's "required" here means an answer is missing.
							const code = x.code === 'required' ? 'missing_answer' : x.code;
							if (!(n >= 1 && n <= 8)) return { ...x, code };
							// beside the row the standard is plain; in the summary each line names it
							const summary = t('check.standard_error', { standard: t('standard.heading', { n, title: standardTitle(n) }), problem: errorText(code, x.message) });
							return { ...x, code, field: `standard-${n}`, summary };
						}), t('check.incomplete'));
					} else showProblem(root, err);
				}
			} }, t('check.submit')),
			h('a', { href: base }, t('common.save_later'))));
}
