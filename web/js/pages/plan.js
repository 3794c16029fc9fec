// plan.js: the capacity strengthening implementation plan: its clock, its activities with their
// status, and the steps (make, submit, approve, extend) for whoever may take them. The partner
// reports an activity completed; an agency editor confirms it or sends it back with a reason.
// While the plan is a draft, its activities are changed or deleted here too.
import { post, patch, del, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, tag, select, textInput, textArea, showErrors, showProblem, clearErrors, summaryList, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { STANDARDS, loadAssessment, standardTitle, standardOf, statusTag, partnerName, conflictNotice, isAdvanced, documentList } from '../psea.js';
import { uploadForm } from './standard.js';

const ACTIVITY_STATUSES = ['not_started', 'in_progress', 'completed'];

function canEditPlan() { return app.can('partner_editor', 'agency_editor', 'agency_advanced_editor'); }
function canConfirm() { return app.can('agency_editor', 'agency_advanced_editor'); }

function unmetStandards(a, plan = a.csip) {
	if (plan && Array.isArray(plan.standards)) return plan.standards.filter((s) => !s.met).map((s) => Number(s.number));
	return STANDARDS.filter((n) => {
		const s = standardOf(a, n);
		if (s.met === true) return false;
		const v = (s.verified || {}).answer;
		return !(v === 'yes' || (n === 8 && v === 'na'));
	});
}

function onError(root, err) {
	if (err instanceof ApiError && err.code === 'version_conflict') conflictNotice(root);
	else showProblem(root, err);
}

// Where the activity's completion stands, in words: reported (awaiting the agency), confirmed,
// or sent back with the agency's reason.
function completionNote(act) {
	const c = act.completion;
	if (!c) return null;
	if (c.state === 'reported') return h('p', { class: 'hint', id: `activity-${act.id}-completion` }, t('plan.completion_reported', { date: fmt.date(c.reported_at) }));
	if (c.state === 'confirmed') {
		return h('p', { class: 'hint', id: `activity-${act.id}-completion` }, t('plan.completion_confirmed', { date: fmt.date(c.confirmed_at) }),
			c.superseded ? [h('br'), t('plan.completion_superseded')] : null);
	}
	return h('p', { class: 'hint', id: `activity-${act.id}-completion` }, t('plan.completion_returned', { date: fmt.date(c.returned_at) }),
		h('br'), t('assessment.reason'), ': ', c.reason || '');
}

// The agency's two answers to a reported completion: confirm it, or send it back with a reason.
function confirmControls(root, act) {
	const id = `activity-${act.id}`;
	const reason = textArea({ id: `${id}-return-reason`, label: t('plan.return_reason'), field: 'reason', rows: 2 });
	const run = async (what, body) => {
		clearErrors(root);
		try {
			await post(`/csip-activities/${encodeURIComponent(act.id)}/${what}`, body, { version: act.version });
			app.flash = t(what === 'confirm' ? 'plan.confirmed' : 'plan.returned');
			app.navigate(location.pathname, { replace: true });
		} catch (err) { onError(root, err); }
	};
	const back = h('form', { class: 'form', novalidate: true, id: `${id}-return-form` }, reason,
		h('button', { type: 'submit', class: 'button button--secondary', id: `${id}-return` }, t('plan.return'),
			h('span', { class: 'visually-hidden' }, ` ${act.description}`)));
	back.addEventListener('submit', (e) => {
		e.preventDefault();
		const text = back.querySelector('textarea').value.trim();
		if (!text) { showErrors(root, [{ field: 'reason', code: 'reason_missing' }]); return; }
		run('return', { reason: text });
	});
	return h('div', { class: 'confirm-controls' },
		h('button', { type: 'button', class: 'button', id: `${id}-confirm`, onclick: () => run('confirm', {}) }, t('plan.confirm'),
			h('span', { class: 'visually-hidden' }, ` ${act.description}`)),
		h('details', {}, h('summary', {}, t('plan.return_open')), back));
}

// While the plan is a draft: change (fills the activity form) or delete the activity.
function draftControls(root, act, startEdit) {
	const id = `activity-${act.id}`;
	return h('div', { class: 'button-group' },
		h('button', { type: 'button', class: 'button button--secondary', id: `${id}-edit`, onclick: () => startEdit(act) }, t('plan.change'),
			h('span', { class: 'visually-hidden' }, ` ${act.description}`)),
		h('button', { type: 'button', class: 'button button--warning', id: `${id}-delete`, onclick: async () => {
			if (!window.confirm(t('plan.delete_confirm'))) return;
			try {
				await del(`/csip-activities/${encodeURIComponent(act.id)}`);
				app.flash = t('plan.activity_deleted');
				app.navigate(location.pathname, { replace: true });
			} catch (err) { onError(root, err); }
		} }, t('plan.delete'), h('span', { class: 'visually-hidden' }, ` ${act.description}`)));
}

function activityRow(root, plan, act, startEdit) {
	const id = `activity-${act.id}`;
	const reported = act.completion && act.completion.state === 'reported';
	const statusSel = h('select', { id: `${id}-status`, class: 'select select--small', 'aria-label': t('plan.activity_status_for', { what: act.description }) },
		ACTIVITY_STATUSES.map((s) => h('option', { value: s, selected: s === act.status }, fmt.word('activity_status', s))));
	// a completion stays; only the agency's answer moves it on
	const editable = canEditPlan() && plan.status === 'active' && act.status !== 'completed';
	const save = h('button', { type: 'button', class: 'button button--secondary', id: `${id}-save`, onclick: async () => {
		try {
			await patch(`/csip-activities/${encodeURIComponent(act.id)}`, { status: statusSel.value }, { version: act.version });
			app.flash = t(statusSel.value === 'completed' && !canConfirm() ? 'plan.activity_reported' : 'plan.activity_saved');
			app.rerender();
		} catch (err) { onError(root, err); }
	} }, t('common.save'), h('span', { class: 'visually-hidden' }, ` ${act.description}`));
	// A status chosen but not yet saved says so beside the list, so it is never taken for the
	// saved one; choosing the saved status again takes the mark away.
	const unsaved = h('span', { class: 'unsaved', id: `${id}-unsaved`, hidden: true },
		tag(t('plan.status_unsaved'), 'yellow'), ' ', h('span', { class: 'hint' }, t('plan.status_saved_is', { status: fmt.word('activity_status', act.status) })));
	statusSel.addEventListener('change', () => {
		const changed = statusSel.value !== act.status;
		unsaved.hidden = !changed;
		statusSel.closest('tr')?.classList.toggle('row--unsaved', changed);
	});
	const shownStatus = reported ? tag(t('plan.awaiting_confirmation'), 'yellow') : statusTag('activity_status', act.status);
	return h('tr', { id },
		h('td', { 'data-label': t('plan.standard') }, standardTitle(Number(act.standard))),
		h('td', { 'data-label': t('plan.description') }, act.description),
		h('td', { 'data-label': t('plan.responsible') }, act.responsible || ''),
		h('td', { 'data-label': t('plan.due_date') }, fmt.date(act.due_date), act.status !== 'completed' && act.due_date ? h('span', { class: 'hint' }, h('br'), fmt.clock(act.due_date)) : null),
		h('td', { 'data-label': t('plan.status') }, editable ? h('div', {}, statusSel, ' ', save, unsaved) : shownStatus,
			completionNote(act),
			reported && canConfirm() && plan.status === 'active' ? confirmControls(root, act) : null,
			plan.status === 'draft' && canEditPlan() ? draftControls(root, act, startEdit) : null));
}

function activityForm(root, a, plan, base) {
	const unmet = unmetStandards(a, plan);
	const acts = plan.activities || [];
	const form = h('form', { class: 'form upload', novalidate: true, id: 'activity-form' },
		h('h3', {}, t('plan.add_activity')),
		select({ id: 'activity-standard', label: t('plan.standard'), field: 'standard', options: [['', t('common.choose')], ...(unmet.length ? unmet : STANDARDS).map((n) => [n, standardTitle(n)])] }),
		textArea({ id: 'activity-description', label: t('plan.description'), hint: t('plan.description_hint'), field: 'description', rows: 3 }),
		textInput({ id: 'activity-responsible', label: t('plan.responsible'), field: 'responsible', width: 'input--30' }),
		textInput({ id: 'activity-due', label: t('plan.due_date'), type: 'date', field: 'due_date', width: 'input--10' }),
		h('button', { type: 'submit', class: 'button button--secondary', id: 'activity-add' }, t('plan.add')));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const body = { standard: Number(form.querySelector('#activity-standard').value) || null, description: form.querySelector('#activity-description').value.trim(),
			responsible: form.querySelector('#activity-responsible').value.trim(), due_date: form.querySelector('#activity-due').value || null };
		const errors = [];
		if (!body.standard) errors.push({ field: 'standard', code: 'activity_standard_missing' });
		if (!body.description) errors.push({ field: 'description', code: 'activity_description_missing' });
		if (!body.responsible) errors.push({ field: 'responsible', code: 'activity_responsible_missing' });
		if (!body.due_date) errors.push({ field: 'due_date', code: 'activity_due_missing' });
		if (errors.length) { showErrors(root, errors); return; }
		const editing = form.dataset.editing ? acts.find((x) => x.id === form.dataset.editing) : null;
		try {
			if (editing) {
				await patch(`/csip-activities/${encodeURIComponent(editing.id)}`,
					{ description: body.description, responsible: body.responsible, due_date: body.due_date }, { version: editing.version });
				app.flash = t('plan.activity_saved');
			} else {
				await post(`${base}/csip/activities`, body);
				app.flash = t('plan.activity_added');
			}
			app.navigate(location.pathname, { replace: true });
		} catch (err) { onError(root, err); }
	});
	return form;
}

// Puts an activity of a draft plan into the form, to be changed (its standard stays).
function editActivity(form, act) {
	form.dataset.editing = act.id;
	const standard = form.querySelector('#activity-standard');
	if (![...standard.options].some((o) => o.value === String(act.standard))) standard.add(new Option(standardTitle(Number(act.standard)), act.standard));
	standard.value = String(act.standard);
	standard.disabled = true;
	form.querySelector('#activity-description').value = act.description;
	form.querySelector('#activity-responsible').value = act.responsible || '';
	form.querySelector('#activity-due').value = (act.due_date || '').slice(0, 10);
	form.querySelector('h3').textContent = t('plan.change_activity');
	form.querySelector('#activity-add').textContent = t('plan.save_activity');
	form.querySelector('#activity-description').focus();
}

function extendForm(root, plan, base) {
	const form = h('form', { class: 'form upload', novalidate: true, id: 'extend-form' },
		h('h3', {}, t('plan.extend')),
		textInput({ id: 'extend-until', label: t('plan.extend_until'), hint: t('plan.extend_until_hint', { date: fmt.date(plan.ends_at) }), type: 'date', field: 'until', width: 'input--10' }),
		textArea({ id: 'extend-reason', label: t('plan.extend_reason'), field: 'reason', rows: 3 }),
		h('button', { type: 'submit', class: 'button button--secondary', id: 'extend-submit' }, t('plan.extend_submit')));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const until = form.querySelector('#extend-until').value;
		const reason = form.querySelector('#extend-reason').value.trim();
		const errors = [];
		if (!until) errors.push({ field: 'until', code: 'extend_until_missing' });
		if (!reason) errors.push({ field: 'reason', code: 'reason_missing' });
		if (errors.length) { showErrors(root, errors); return; }
		try {
			await post(`${base}/csip/extend`, { until, reason }, { version: plan.version });
			app.flash = t('plan.extended');
			app.navigate(location.pathname, { replace: true });
		} catch (err) { onError(root, err); }
	});
	return form;
}

// Evidence of the activities, added after the rating while the plan is under way: the files
// of each activity, and a form for an activity not yet completed.
function evidenceSection(a, plan, acts) {
	const docs = Array.isArray(a.activity_documents) ? a.activity_documents : [];
	const open = ['submitted', 'active'].includes(plan.status) ? acts.filter((x) => x.status !== 'completed') : [];
	if (!docs.length && !(open.length && canEditPlan())) return null;
	const byActivity = acts.filter((x) => docs.some((d) => String(d.activity_id) === String(x.id)));
	return h('section', { class: 'section', 'aria-labelledby': 'evidence-title', id: 'activity-evidence' },
		h('h2', { class: 'heading-m', id: 'evidence-title' }, t('plan.evidence')),
		h('p', { class: 'hint' }, t('plan.evidence_hint')),
		byActivity.map((x) => h('div', { id: `evidence-${x.id}` }, h('h3', { class: 'heading-s' }, x.description),
			documentList(docs.filter((d) => String(d.activity_id) === String(x.id))))),
		docs.length ? null : h('p', { class: 'empty' }, t('document.none')),
		open.length && canEditPlan() ? uploadForm(a, '', [], { activities: open.map((x) => [x.id, `${standardTitle(Number(x.standard))}: ${x.description}`]) }) : null);
}

export async function render(root, { params }) {
	const a = await loadAssessment(params.id);
	const base = `/assessments/${encodeURIComponent(a.id)}`;
	const plan = a.csip || null;
	add(root, 
		h('a', { href: base, class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, partnerName(a)),
		h('h1', { class: 'heading-l' }, t('plan.title')),
		h('p', { class: 'lead' }, t('plan.lead')));
	if (!plan) {
		add(root, h('p', {}, t('plan.none_yet')));
		// editors of either side start it; the partner when its rating calls for one
		if (canEditPlan() && a.status === 'rated') {
			add(root, h('button', { type: 'button', class: 'button', id: 'plan-create', onclick: async () => {
				try { await post(`${base}/csip`, {}); app.flash = t('plan.created'); app.navigate(location.pathname, { replace: true }); } catch (err) { onError(root, err); }
			} }, t('plan.create')));
		}
		return;
	}
	const acts = plan.activities || [];
	const ext = plan.extensions || [];
	const form = canEditPlan() && ['draft', 'active'].includes(plan.status) ? activityForm(root, a, plan, base) : null;
	add(root, summaryList([
		[t('plan.status'), statusTag('plan_status', plan.status)],
		[t('plan.required'), plan.required ? t('plan.required_yes') : t('plan.required_no')],
		plan.due ? [t('plan.due'), `${fmt.date(plan.due)}${['draft', 'submitted'].includes(plan.status) ? ` (${fmt.clock(plan.due)})` : ''}`] : null,
		plan.started_at ? [t('plan.started'), fmt.date(plan.started_at)] : null,
		plan.ends_at ? [t('plan.reassessment_on'), `${fmt.date(plan.ends_at)}${plan.status === 'active' ? ` (${fmt.clock(plan.ends_at, 'reassess')})` : ''}`] : null,
		plan.reassessment && plan.reassessment.score !== null && plan.reassessment.score !== undefined ? [t('plan.reassessment_score'), t('assessment.standards_met_value', { n: plan.reassessment.score })] : null,
		ext.length ? [t('plan.extensions'), h('ul', {}, ext.map((x) => h('li', {}, `${fmt.date(x.until)} – ${x.reason || ''}`)))] : null,
	]));
	if (plan.overdue) add(root, notice(t('plan.overdue_text'), 'important'));
	add(root, h('h2', { class: 'heading-m' }, t('plan.activities')),
		acts.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table--stack', id: 'activities' },
			h('caption', { class: 'visually-hidden' }, t('plan.activities')),
			h('thead', {}, h('tr', {}, ['plan.standard', 'plan.description', 'plan.responsible', 'plan.due_date', 'plan.status'].map((k) => h('th', { scope: 'col' }, t(k))))),
			h('tbody', {}, acts.map((x) => activityRow(root, plan, x, (act) => form && editActivity(form, act)))))) : h('p', { class: 'empty' }, t('plan.no_activities')));
	const evidence = evidenceSection(a, plan, acts);
	if (evidence) add(root, evidence);
	if (form) add(root, form);
	const actions = [];
	if (plan.status === 'draft' && app.can('partner_editor', 'agency_editor', 'agency_advanced_editor')) {
		actions.push(h('button', { type: 'button', class: 'button', id: 'plan-submit', onclick: async () => {
			try { await post(`${base}/csip/submit`, {}, { version: plan.version }); app.flash = t('plan.submitted'); app.navigate(location.pathname, { replace: true }); } catch (err) { onError(root, err); }
		} }, t('plan.submit')));
	}
	if (plan.status === 'submitted' && isAdvanced()) {
		actions.push(h('button', { type: 'button', class: 'button', id: 'plan-approve', onclick: async () => {
			try { await post(`${base}/csip/approve`, {}, { version: plan.version }); app.flash = t('plan.approved'); app.navigate(location.pathname, { replace: true }); } catch (err) { onError(root, err); }
		} }, t('plan.approve')));
	}
	if (actions.length) add(root, h('div', { class: 'button-group' }, actions));
	if (plan.status === 'active' && isAdvanced()) add(root, extendForm(root, plan, base));
}
