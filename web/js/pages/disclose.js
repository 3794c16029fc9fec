// disclose.js: a partner tells an agency of an allegation involving its own personnel. The
// disclosure goes into that agency's register as a self-disclosure; the partner gets a receipt.
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { h, select, textInput, showErrors, showProblem, clearErrors, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { INCIDENT_TYPES } from './incidents.js';
import { victimsGrid, readVictims } from './incident.js';

export async function render(root) {
	if (!app.can('partner_editor')) {
		const notfound = await import('./notfound.js');
		return notfound.render(root, {});
	}
	const agencies = (await get('/agencies')).items || [];
	const form = h('form', { class: 'form', novalidate: true, id: 'disclose-form' },
		select({ id: 'disclose-agency', label: t('disclose.agency'), hint: t('disclose.agency_hint'), field: 'agency_id',
			options: [['', t('common.choose')], ...agencies.map((a) => [a.id, a.name])] }),
		select({ id: 'disclose-type', label: t('incidents.type'), field: 'type', options: [['', t('common.choose')], ...INCIDENT_TYPES.map((x) => [x, fmt.word('incident_type', x)])] }),
		textInput({ id: 'disclose-date', label: t('incidents.incident_date'), hint: t('incidents.incident_date_hint'), field: 'incident_date', type: 'date' }),
		victimsGrid([]),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'disclose-send' }, t('disclose.send')),
			h('a', { href: '/' }, t('common.cancel'))));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const body = { agency_id: form.querySelector('#disclose-agency').value || null, type: form.querySelector('#disclose-type').value || null,
			incident_date: form.querySelector('#disclose-date').value || null, victims: readVictims(form) };
		const errors = [];
		if (!body.agency_id) errors.push({ field: 'agency_id', code: 'disclose_agency_missing' });
		if (!body.type) errors.push({ field: 'type', code: 'disclose_type_missing' });
		if (errors.length) { showErrors(root, errors); return; }
		try {
			const receipt = await post('/disclosures', body);
			const result = notice(t('disclose.received', { agency: receipt.agency.name, id: receipt.id }), 'success');
			result.id = 'disclose-result';
			result.setAttribute('tabindex', '-1');
			form.replaceWith(result);
			result.focus(); // the form the focus was in is gone: the receipt is what to read next
		} catch (err) {
			if (err.errors.length) showErrors(root, err.errors.map((x) => (x.field && x.field.startsWith('victims[') ? { ...x, field: 'victims' } : x)));
			else showProblem(root, err);
		}
	});
	root.append(h('a', { href: '/', class: 'back-link' }, t('common.back')),
		h('h1', { class: 'heading-l' }, t('disclose.title')),
		h('p', { class: 'lead' }, t('disclose.lead')),
		form);
}
