// finalize.js: the confirmation before the rating is recorded, showing the rating it will give.
import { post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, showProblem, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { STANDARDS, loadAssessment, canFinalize, standardTitle, standardOf, previewRating, eligibleTag, partnerName, conflictNotice } from '../psea.js';

export async function render(root, { params }) {
	const a = await loadAssessment(params.id);
	const base = `/assessments/${encodeURIComponent(a.id)}`;
	const preview = previewRating(a, 'verified');
	// finalizing again after an unlock: the rating keeps its date unless counted as a new assessment
	const revision = Boolean(a.rating && a.rating.value && a.rating.rated_at);
	add(root, 
		h('a', { href: `${base}/verify`, class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, partnerName(a)),
		h('h1', { class: 'heading-l' }, t('finalize.title')));
	if (!canFinalize(a)) { add(root, notice(t('finalize.not_now'), 'info')); return; }
	if (!preview) {
		const missing = STANDARDS.filter((n) => !(standardOf(a, n).verified || {}).answer);
		add(root, notice(t('finalize.missing'), 'warning'),
			h('ul', {}, missing.map((n) => h('li', {}, h('a', { href: `${base}/verify` }, t('standard.heading', { n, title: standardTitle(n) }))))));
		return;
	}
	add(root, 
		h('div', { class: 'result', id: 'finalize-result' },
			h('p', {}, t('finalize.will_give')),
			h('p', { class: 'result__value' }, t(`rating.${preview.value}`)),
			h('p', {}, t(`rating_long.${preview.value}`)),
			h('p', {}, t('assessment.standards_met_value', { n: preview.standards_met }), ' · ', eligibleTag(preview.eligible))),
		h('ul', {}, STANDARDS.map((n) => {
			const v = (standardOf(a, n).verified || {}).answer;
			return h('li', {}, `${standardTitle(n)}: `, h('strong', {}, fmt.word('answer', v)));
		})),
		preview.eligible ? null : notice(t('assessment.not_eligible_text'), 'important'),
		h('p', {}, t('finalize.consequence')),
		revision ? h('div', { class: 'checkbox', id: 'new-rating-date-field' },
			h('input', { type: 'checkbox', id: 'new-rating-date', name: 'new_rating_date', value: 'true', 'aria-describedby': 'new-rating-date-hint' }),
			h('label', { for: 'new-rating-date' }, t('finalize.new_rating_date')),
			h('p', { class: 'hint', id: 'new-rating-date-hint' }, t('finalize.new_rating_date_hint', { date: fmt.date(a.rating.rated_at) }))) : null,
		h('div', { class: 'button-group' },
			h('button', { type: 'button', class: 'button', id: 'finalize-confirm', onclick: async (e) => {
				e.target.disabled = true;
				try {
					const newDate = revision && root.querySelector('#new-rating-date').checked;
					const done = await post(`${base}/finalize`, newDate ? { new_rating_date: true } : {}, { version: a.version });
					const r = (done && done.rating) || preview;
					app.flash = t('finalize.done', { rating: t(`rating.${r.value}`) });
					app.navigate(base);
				} catch (err) {
					e.target.disabled = false;
					if (err instanceof ApiError && err.code === 'version_conflict') conflictNotice(root);
					else showProblem(root, err);
				}
			} }, t('finalize.confirm')),
			h('a', { href: `${base}/verify` }, t('finalize.back_to_verify'))));
}
