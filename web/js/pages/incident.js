// incident.js: recording an allegation, changing it, and judging the partner's corrective
// action. Victims are entered only as counts in a grid of sex by age group: the form has no
// place where a name could be typed.
import { get, post, patch } from '../api.js';
import { t } from '../i18n.js';
import { h, select, textInput, textArea, radios, radioValue, field, showErrors, showProblem, clearErrors, summaryList, tag } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { conflictNotice } from '../psea.js';
import { partnerPicker, pickedPartner } from '../combobox.js';
import { INCIDENT_TYPES, INCIDENT_STATUSES, mayUseRegister, onwardTag } from './incidents.js';

// The categories agencies report; agency_related_personnel is still shown on the records that carry it.
const CATEGORIES = ['agency_staff', 'implementing_partner', 'other'];
const SOURCES = ['complaint', 'self_disclosure', 'other'];
const ACTIONS = ['dismissal', 'contract_ended', 'referral_to_national_authorities', 'disciplinary_measure', 'separation',
	'letter_on_file', 'screening_database_entry', 'other'];
const ASSISTANCE = ['medical', 'psychosocial', 'legal', 'material'];
export const SEXES = ['female', 'male', 'unknown'];
export const AGE_GROUPS = ['child', 'adult', 'unknown'];

// ISO instant → the value of a datetime-local input (UTC, as the register records it), and back.
const toLocalInput = (iso) => (iso ? iso.slice(0, 16) : '');
const fromLocalInput = (v) => (v ? `${v}:00Z` : null);

function checkboxes(id, label, hint, words, list, chosen) {
	const group = h('div', { class: 'checkboxes' }, words.map((w, i) => {
		const cid = i === 0 ? id : `${id}-${w}`;
		return h('div', { class: 'checkbox' },
			h('input', { type: 'checkbox', id: cid, name: id, value: w, checked: chosen.includes(w) }),
			h('label', { for: cid }, fmt.word(list, w)));
	}));
	return field({ id, label, hint, control: group, field: id, legend: true });
}

// The victims as a table of number inputs, one per sex and age group.
export function victimsGrid(victims = []) {
	const count = (s, a) => (victims.find((v) => v.sex === s && v.age_group === a) || {}).count || '';
	const table = h('table', { class: 'table victims-grid', id: 'victims' },
		h('caption', { class: 'visually-hidden' }, t('incidents.victims')),
		h('thead', {}, h('tr', {}, h('td'), AGE_GROUPS.map((a) => h('th', { scope: 'col' }, fmt.word('age_group', a))))),
		h('tbody', {}, SEXES.map((s) => h('tr', {}, h('th', { scope: 'row' }, fmt.word('sex', s)),
			AGE_GROUPS.map((a) => h('td', {}, h('input', {
				type: 'number', min: '0', max: '100000', step: '1', class: 'input input--3', id: `victims-${s}-${a}`,
				value: count(s, a), 'aria-label': `${fmt.word('sex', s)}, ${fmt.word('age_group', a)}`,
			})))))));
	return field({ id: 'victims', label: t('incidents.victims'), hint: t('incidents.victims_hint'), control: table, field: 'victims', legend: true });
}

export function readVictims(form) {
	const out = [];
	for (const s of SEXES) for (const a of AGE_GROUPS) {
		const v = form.querySelector(`#victims-${s}-${a}`).value.trim();
		if (v && Number(v) !== 0) out.push({ sex: s, age_group: a, count: Number(v) });
	}
	return out;
}

function checked(form, name) { return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((c) => c.value); }

function reviewSection(root, incident) {
	if (!incident.partner_id) return h('p', { class: 'hint', id: 'review-needs-partner' }, t('incidents.review_needs_partner'));
	const form = h('form', { class: 'form', novalidate: true, id: 'review-form' },
		radios({ id: 'review-adequate', label: t('incidents.review_question'), hint: t('incidents.review_hint'), field: 'adequate', inline: true,
			options: [['true', t('incidents.review_adequate')], ['false', t('incidents.review_inadequate')]] }),
		textArea({ id: 'review-notes', label: t('incidents.review_notes'), field: 'notes', rows: 3 }),
		h('button', { type: 'submit', class: 'button', id: 'review-save' }, t('incidents.review_save')));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const v = radioValue(form, 'review-adequate');
		if (!v) { showErrors(root, [{ field: 'adequate', code: 'review_choice_missing' }]); return; }
		try {
			await post(`/incidents/${encodeURIComponent(incident.id)}/corrective-action-review`, { adequate: v === 'true', notes: form.querySelector('#review-notes').value.trim() || null });
			app.flash = t('incidents.review_saved');
			await app.navigate(location.pathname, { replace: true });
		} catch (err) { showProblem(root, err); }
	});
	return h('section', { class: 'section', 'aria-labelledby': 'review-heading' },
		h('h2', { class: 'heading-m', id: 'review-heading' }, t('incidents.review_title')),
		incident.review ? summaryList([
			[t('incidents.review'), incident.review.adequate ? tag(t('incidents.review_adequate'), 'green') : tag(t('incidents.review_inadequate'), 'red')],
			[t('incidents.review_notes'), incident.review.notes || t('common.none')],
			[t('incidents.reviewed_at'), fmt.dateTime(incident.review.reviewed_at)],
		]) : null,
		!incident.review || incident.review.adequate ? null : h('p', { class: 'notice notice--warning' }, t('incidents.review_effect')),
		form);
}

export async function render(root, { params }) {
	if (!mayUseRegister()) {
		const notfound = await import('./notfound.js');
		return notfound.render(root, {});
	}
	const isNew = !params.id || params.id === 'new';
	const incident = isNew ? { victims: [], actions: [], assistance: [], status: 'received' } : await get(`/incidents/${encodeURIComponent(params.id)}`);
	const words = (list, values) => values.map((v) => [v, fmt.word(list, v)]);
	const categories = CATEGORIES.includes(incident.personnel_category) || !incident.personnel_category
		? CATEGORIES : [...CATEGORIES, incident.personnel_category];
	const pertains = incident.pertains_to_partner === undefined ? null : String(incident.pertains_to_partner);
	const form = h('form', { class: 'form', novalidate: true, id: 'incident-form' },
		select({ id: 'incident-type', label: t('incidents.type'), field: 'type', value: incident.type, options: [['', t('common.choose')], ...words('incident_type', INCIDENT_TYPES)] }),
		select({ id: 'incident-category', label: t('incidents.personnel_category'), field: 'personnel_category', value: incident.personnel_category, options: [['', t('common.choose')], ...words('personnel_category', categories)] }),
		select({ id: 'incident-source', label: t('incidents.source'), field: 'source', value: incident.source, options: [['', t('common.choose')], ...words('incident_source', SOURCES)] }),
		partnerPicker({ id: 'incident-partner', label: t('incidents.partner_id'), hint: t('incidents.partner_hint'), field: 'partner_id',
			value: incident.partner_id ? { id: incident.partner_id, name: incident.partner ? incident.partner.name : incident.partner_id } : null }),
		radios({ id: 'incident-pertains', label: t('incidents.pertains_to_partner'), hint: t('incidents.pertains_hint'), field: 'pertains_to_partner', inline: true,
			value: pertains, options: [['true', t('answer.yes')], ['false', t('answer.no')]] }),
		textInput({ id: 'incident-received', label: t('incidents.received_at'), hint: t('incidents.utc_hint'), field: 'received_at', type: 'datetime-local', value: toLocalInput(incident.received_at) }),
		textInput({ id: 'incident-date', label: t('incidents.incident_date'), hint: t('incidents.incident_date_hint'), field: 'incident_date', type: 'date', value: incident.incident_date || '' }),
		textInput({ id: 'incident-onward', label: t('incidents.reported_onward_at'), hint: t('incidents.onward_hint'), field: 'reported_onward_at', type: 'datetime-local', value: toLocalInput(incident.reported_onward_at) }),
		victimsGrid(incident.victims),
		select({ id: 'incident-status', label: t('incidents.status'), field: 'status', value: incident.status, options: words('incident_status', INCIDENT_STATUSES) }),
		textInput({ id: 'incident-started', label: t('incidents.investigation_started_on'), hint: t('incidents.investigation_dates_hint'), field: 'investigation_started_on', type: 'date', value: incident.investigation_started_on || '' }),
		textInput({ id: 'incident-concluded', label: t('incidents.concluded_on'), hint: t('incidents.investigation_dates_hint'), field: 'concluded_on', type: 'date', value: incident.concluded_on || '' }),
		checkboxes('actions', t('incidents.actions'), null, ACTIONS, 'incident_action', incident.actions),
		checkboxes('assistance', t('incidents.assistance'), null, ASSISTANCE, 'incident_assistance', incident.assistance),
		h('div', { class: 'button-group' },
			h('button', { type: 'submit', class: 'button', id: 'incident-save' }, t(isNew ? 'incidents.create' : 'common.save')),
			h('a', { href: '/incidents' }, t('common.cancel'))));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const body = {
			type: form.querySelector('#incident-type').value || null,
			personnel_category: form.querySelector('#incident-category').value || null,
			source: form.querySelector('#incident-source').value || null,
			received_at: fromLocalInput(form.querySelector('#incident-received').value),
			incident_date: form.querySelector('#incident-date').value || null,
			reported_onward_at: fromLocalInput(form.querySelector('#incident-onward').value),
			victims: readVictims(form),
			status: form.querySelector('#incident-status').value,
			investigation_started_on: form.querySelector('#incident-started').value || null,
			concluded_on: form.querySelector('#incident-concluded').value || null,
			actions: checked(form, 'actions'),
			assistance: checked(form, 'assistance'),
		};
		const partner = pickedPartner(form, 'incident-partner');
		if (partner.typed) { showErrors(root, [{ field: 'partner_id', code: 'partner_not_chosen' }]); return; }
		body.partner_id = partner.id;
		// left unanswered, the server decides from the partner and the personnel concerned
		const pertainsAnswer = radioValue(form, 'incident-pertains');
		if (pertainsAnswer) body.pertains_to_partner = pertainsAnswer === 'true';
		try {
			const saved = isNew ? await post('/incidents', body) : await patch(`/incidents/${encodeURIComponent(incident.id)}`, body, { version: incident.version });
			app.flash = t(isNew ? 'incidents.created' : 'incidents.saved');
			await app.navigate(`/incidents/${encodeURIComponent(saved.id)}`, { replace: !isNew });
		} catch (err) {
			if (err.code === 'version_conflict') { conflictNotice(root); return; }
			// errors on one victim cell ("victims[2].count") are shown on the grid
			if (err.errors.length) showErrors(root, err.errors.map((x) => (x.field && x.field.startsWith('victims[') ? { ...x, field: 'victims' } : x)));
			else showProblem(root, err);
		}
	});
	root.append(
		h('a', { href: '/incidents', class: 'back-link' }, t('common.back')),
		h('h1', { class: 'heading-l' }, t(isNew ? 'incidents.new' : 'incidents.edit_title')),
		isNew ? h('p', { class: 'lead' }, t('incidents.confidential')) : summaryList([
			[t('incidents.agency'), incident.agency ? incident.agency.name : ''],
			[t('incidents.status_changed_at'), fmt.dateTime(incident.status_changed_at)],
			[t('incidents.onward'), onwardTag(incident)],
			[t('incidents.investigation_days'), incident.investigation_days === null ? t('incidents.investigation_open') : fmt.number(incident.investigation_days)],
		]),
		form,
		isNew ? null : reviewSection(root, incident));
}
