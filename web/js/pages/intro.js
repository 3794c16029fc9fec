// intro.js: Section 1, the introductory questions. Asked one after the other on one short page;
// the prior-assessment details appear only when the answer calls for them.
import { get, put, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, radios, select, textInput, showErrors, showProblem, radioValue, clearErrors } from '../dom.js';
import { app } from '../app.js';
import { loadAssessment, canEditSelf, partnerName, conflictNotice, documentList, keptOffline } from '../psea.js';
import { uploadForm } from './standard.js';

const yesNo = () => [['true', t('answer.yes')], ['false', t('answer.no')]];

export async function render(root, { params }) {
	const a = await loadAssessment(params.id);
	const base = `/assessments/${encodeURIComponent(a.id)}`;
	const intro = a.intro || {};
	const prev = intro.previous || {};
	const editable = canEditSelf(a);
	const agencies = (await get('/agencies')).items || [];
	const fiveYearsAgo = new Date(); fiveYearsAgo.setFullYear(fiveYearsAgo.getFullYear() - 5);
	const today = new Date().toISOString().slice(0, 10);
	const prevFields = h('div', { class: 'conditional', id: 'previous-details' },
		select({ id: 'previous-agency', label: t('intro.previous_agency'), field: 'previous.agency_id', value: prev.agency_id,
			options: [['', t('common.choose')], ...agencies.map((g) => [g.id, g.name || g.code])] }),
		textInput({ id: 'previous-date', label: t('intro.previous_date'), hint: t('intro.previous_date_hint'), type: 'date', field: 'previous.date', value: prev.date, width: 'input--10',
			attrs: { min: fiveYearsAgo.toISOString().slice(0, 10), max: today } }),
		radios({ id: 'previous-rating', label: t('intro.previous_rating'), field: 'previous.rating', value: prev.rating,
			options: [['full', t('rating.full')], ['medium', t('rating.medium')], ['low', t('rating.low')]] }),
		h('p', { class: 'hint' }, t('intro.previous_upload_hint')));
	const form = h('form', { class: 'form', novalidate: true, id: 'intro-form' },
		radios({ id: 'contact', label: t('intro.contact'), hint: t('intro.contact_hint'), field: 'contact_with_beneficiaries', inline: true,
			value: intro.contact_with_beneficiaries === undefined || intro.contact_with_beneficiaries === null ? null : String(intro.contact_with_beneficiaries), options: yesNo() }),
		radios({ id: 'previously', label: t('intro.previously'), hint: t('intro.previously_hint'), field: 'previously_assessed', inline: true,
			value: intro.previously_assessed === undefined || intro.previously_assessed === null ? null : String(intro.previously_assessed), options: yesNo() }),
		prevFields,
		editable ? h('p', { class: 'hint', id: 'intro-next' }) : null,
		editable ? h('div', { class: 'button-group' },
			h('button', { type: 'submit', class: 'button', id: 'intro-save', 'aria-describedby': 'intro-next' }, t('common.save_continue')),
			h('a', { href: base }, t('common.cancel'))) : null);
	const docs = intro.documents || a.intro_documents || [];
	const earlierUploaded = docs.some((d) => d.kind === 'previous_assessment');
	// What "Save and continue" leads to, said before the press: the upload of the earlier
	// assessment while it is missing, else Section 2.
	const uploadNext = () => radioValue(form, 'previously') === 'true' && !earlierUploaded;
	const sync = () => {
		prevFields.hidden = radioValue(form, 'previously') !== 'true';
		const next = form.querySelector('#intro-next');
		if (next) next.textContent = t(uploadNext() ? 'intro.next_upload' : 'intro.next_section2');
	};
	form.addEventListener('change', sync);
	if (!editable) form.querySelectorAll('input, select, textarea').forEach((el) => { el.disabled = true; });
	add(root, 
		h('a', { href: base, class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, partnerName(a)),
		h('h1', { class: 'heading-l' }, t('intro.title')),
		h('p', { class: 'lead' }, t('intro.lead')),
		form);
	// The verified prior assessment (and its plan) are uploaded as documents of Section 1.
	if (intro.previously_assessed) {
		add(root, h('section', { class: 'section', id: 'previous-documents', 'aria-labelledby': 'previous-documents-title' },
			h('h2', { class: 'heading-m', id: 'previous-documents-title' }, t('intro.previous_documents')), documentList(docs),
			editable || app.isAgency() ? uploadForm(a, '', [{ label: t('intro.doc_previous'), kind: 'previous_assessment' },
				{ label: t('intro.doc_previous_plan'), kind: 'previous_plan' }]) : null,
			editable ? h('p', {}, h('a', { href: `${base}/standards/1`, class: 'button button--secondary', id: 'intro-to-section2' }, t('intro.continue_section2'))) : null));
	}
	setTimeout(sync);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const contact = radioValue(form, 'contact');
		const previously = radioValue(form, 'previously');
		const errors = [];
		if (!contact) errors.push({ field: 'contact_with_beneficiaries', code: 'intro_contact_missing' });
		if (!previously) errors.push({ field: 'previously_assessed', code: 'intro_previously_missing' });
		const body = { contact_with_beneficiaries: contact === 'true', previously_assessed: previously === 'true', previous: null };
		if (previously === 'true') {
			body.previous = { agency_id: form.querySelector('#previous-agency').value || null, date: form.querySelector('#previous-date').value || null, rating: radioValue(form, 'previous-rating') };
			if (!body.previous.agency_id) errors.push({ field: 'previous.agency_id', code: 'intro_agency_missing' });
			if (!body.previous.date) errors.push({ field: 'previous.date', code: 'intro_date_missing' });
			else if (body.previous.date > today) errors.push({ field: 'previous.date', code: 'date_in_future' });
			if (!body.previous.rating) errors.push({ field: 'previous.rating', code: 'intro_rating_missing' });
		}
		if (errors.length) { showErrors(root, errors); return; }
		try {
			await put(`${base}/intro`, body, { version: a.version });
			if (uploadNext()) {
				// the same page again, now with the upload of the earlier assessment: the focus goes
				// to the sentence that says so, next to the form
				app.flash = t('intro.saved_upload_next');
				await app.rerender();
			} else {
				app.flash = t('intro.saved_section2_next');
				app.navigate(`${base}/standards/1`);
			}
		} catch (err) {
			if (await keptOffline(err, a, 'intro', body)) {
				app.flash = t('offline.saved_here');
				app.navigate(previously === 'true' ? location.pathname : `${base}/standards/1`);
			} else if (err instanceof ApiError && err.code === 'version_conflict') conflictNotice(root);
			else showProblem(root, err);
		}
	});
}
