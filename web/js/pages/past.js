// past.js: recording an assessment a partner had before this service (agency advanced editors
// and admins): the agency, the date, and what it gave: a capacity rating, or UNICEF's earlier
// SEA risk rating or score, which the server turns into a rating.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { h, add, radios, select, textInput, showErrors, showProblem, radioValue, clearErrors } from '../dom.js';
import { app } from '../app.js';

const KINDS = ['rating', 'legacy_sea_risk', 'legacy_sea_score'];

export async function render(root, { params }) {
	const p = await get(`/partners/${encodeURIComponent(params.id)}`);
	// an agency records its own earlier ratings; an administrator records any agency's
	const own = app.user.role === 'admin' ? null : app.user.organization.id;
	const agencies = ((await get('/agencies')).items || []).filter((g) => own === null || g.id === own);
	const today = new Date().toISOString().slice(0, 10);
	const back = `/partners/${encodeURIComponent(p.id)}`;
	const values = {
		rating: radios({ id: 'past-rating', label: t('past.rating'), field: 'rating',
			options: ['full', 'medium', 'low'].map((x) => [x, t(`rating.${x}`)]) }),
		legacy_sea_risk: radios({ id: 'past-risk', label: t('past.risk'), hint: t('past.risk_hint'), field: 'legacy_sea_risk',
			options: ['high', 'moderate', 'low'].map((x) => [x, t(`past.risk_${x}`)]) }),
		legacy_sea_score: textInput({ id: 'past-score', label: t('past.score'), hint: t('past.score_hint'), field: 'legacy_sea_score',
			type: 'number', width: 'input--10', attrs: { min: 6, max: 18, step: 1, inputmode: 'numeric' } }),
	};
	const form = h('form', { class: 'form', novalidate: true, id: 'past-form' },
		select({ id: 'past-agency', label: t('past.agency'), field: 'agency_id',
			options: [['', t('common.choose')], ...agencies.map((g) => [g.id, g.name || g.code])] }),
		textInput({ id: 'past-date', label: t('past.date'), hint: t('past.date_hint'), type: 'date', field: 'date', width: 'input--10', attrs: { max: today } }),
		radios({ id: 'past-kind', label: t('past.kind'), field: 'kind', value: 'rating',
			options: KINDS.map((k) => [k, t(`past.kind_${k}`)]) }),
		h('div', { class: 'conditional' }, Object.values(values)),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'past-save' }, t('past.save')),
			h('a', { href: back }, t('common.cancel'))));
	// only the control of the chosen kind is shown, and sent
	const sync = () => { for (const k of KINDS) values[k].hidden = radioValue(form, 'past-kind') !== k; };
	form.addEventListener('change', sync);
	sync();
	add(root, h('a', { href: back, class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, p.name),
		h('h1', { class: 'heading-l' }, t('past.title')),
		h('p', {}, t('past.intro')), form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const kind = radioValue(form, 'past-kind');
		const body = { partner_id: p.id, agency_id: form.querySelector('#past-agency').value, date: form.querySelector('#past-date').value };
		const value = kind === 'rating' ? radioValue(form, 'past-rating') : kind === 'legacy_sea_risk' ? radioValue(form, 'past-risk')
			: form.querySelector('#past-score').value.trim();
		const errors = [];
		if (!body.agency_id) errors.push({ field: 'agency_id', code: 'past_agency_missing' });
		if (!body.date) errors.push({ field: 'date', code: 'past_date_missing' });
		else if (body.date > today) errors.push({ field: 'date', code: 'date_in_future' });
		if (!value) errors.push({ field: kind, code: `past_${kind}_missing` });
		else body[kind] = kind === 'legacy_sea_score' ? Number(value) : value;
		if (errors.length) { showErrors(root, errors); return; }
		try {
			await post('/past-assessments', body);
			app.flash = t('past.saved');
			app.navigate(back);
		} catch (err) {
			if (err.errors && err.errors.length) showErrors(root, err.errors); else showProblem(root, err);
		}
	});
}
