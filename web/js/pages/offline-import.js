// offline-import.js: an agency advanced editor brings in a filled offline form. First the upload
// (/offline-imports/new), read without saving; then "check your answers" (/offline-imports/check)
// showing what the workbook says; saved only on confirmation. A workbook with bad cells lists each
// one as "Sheet!C4: what to fix" and nothing is saved. Evidence files come along, chosen under the
// standard each supports; a bad one is listed beside its standard's file field.
import { upload } from '../api.js';
import { t } from '../i18n.js';
import { h, add, textInput, field, showErrors, showProblem, clearErrors, summaryList, notice, errorText } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { STANDARDS, standardTitle, ratingTag, eligibleTag } from '../psea.js';

// The file and what the server read from it, kept between the two pages.
let pending = null;

function answerWord(a) { return a ? t(`answer.${a}`) : t('answer.none'); }

const UPLOAD_MAX_DEFAULT = 20 * 1024 * 1024;
const uploadMax = () => app.limits.upload_max_bytes || UPLOAD_MAX_DEFAULT;
// as the server holds such a form: each file within the upload limit, at most 16 beside the
// workbook, all of it within four times the limit
const EVIDENCE_MAX = 16;
const REQUEST_FACTOR = 4;
const EVIDENCE_ACCEPT = '.pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg';

function formData(p, withChecksum) {
	const data = new FormData();
	if (p.partnerId) data.append('partner_id', p.partnerId);
	if (withChecksum) data.append('sha256', p.preview.sha256);
	data.append('file', p.file, p.file.name);
	if (p.evidence.length) data.append('approved', 'true');
	for (const [n, f] of p.evidence) data.append(`evidence_${n}`, f, f.name);
	return data;
}

// One file field per standard (several files each), and the confirmation that they are approved.
function evidenceFields() {
	const fields = STANDARDS.map((n) => field({ id: `offline-evidence-${n}`, label: t('offline.evidence_label', { n, title: standardTitle(n) }),
		field: `evidence_${n}`, control: h('input', { type: 'file', id: `offline-evidence-${n}`, name: `evidence_${n}`, class: 'file',
			multiple: true, accept: EVIDENCE_ACCEPT }) }));
	const approved = h('div', { class: 'checkbox' },
		h('input', { type: 'checkbox', id: 'offline-approved', name: 'approved', value: 'true' }),
		h('label', { for: 'offline-approved' }, t('offline.evidence_approved')));
	return h('div', { id: 'offline-evidence' },
		h('h2', { class: 'heading-m' }, t('offline.evidence_title')),
		h('p', {}, t('offline.evidence_lead')),
		h('p', { class: 'hint' }, t('upload.file_hint', { size: fmt.bytes(uploadMax()) })),
		fields, field({ id: 'offline-approved', label: t('upload.approval'), control: approved, field: 'approved', legend: true }));
}

function chosenEvidence(form) {
	return STANDARDS.flatMap((n) => [...form.querySelector(`#offline-evidence-${n}`).files].map((f) => [n, f]));
}

// Said before a slow connection spends minutes sending what would be refused.
function evidenceProblems(form, evidence, workbook) {
	const errors = [];
	const limit = uploadMax();
	for (const [n, f] of evidence)
		if (f.size > limit) errors.push({ field: `evidence_${n}`, message: t('offline.evidence_too_large', { name: f.name, size: fmt.bytes(limit) }) });
	const total = evidence.reduce((sum, [, f]) => sum + f.size, workbook ? workbook.size : 0);
	if (evidence.length > EVIDENCE_MAX) errors.push({ field: `evidence_${evidence[0][0]}`, message: t('offline.evidence_too_many', { n: EVIDENCE_MAX }) });
	else if (total > REQUEST_FACTOR * limit) errors.push({ field: `evidence_${evidence[0][0]}`, message: t('offline.evidence_total', { size: fmt.bytes(REQUEST_FACTOR * limit) }) });
	if (evidence.length && !form.querySelector('#offline-approved').checked) errors.push({ field: 'approved', code: 'document_not_approved' });
	return errors;
}

// The server's refusal in the person's words: a bad cell as the server wrote it ("Sheet!C4: what
// to fix"), a bad evidence file beside its standard's field with its name. Without fields (the
// check page) everything is listed.
function importErrors(err, withFields) {
	return err.errors.map((x) => {
		if (x.code === 'bad_cell') return { code: 'bad_cell', message: x.message };
		if (x.field === 'approved') return { field: withFields ? 'approved' : null, code: 'document_not_approved' };
		const reason = x.code === 'too_large' ? t('error.file_too_large', { size: fmt.bytes(uploadMax()) })
			: x.code === 'too_many' ? t('offline.evidence_too_many', { n: EVIDENCE_MAX }) : errorText(x.code, x.message);
		return { field: withFields ? x.field : null, message: x.name ? t('offline.evidence_error', { name: x.name, reason }) : reason };
	});
}

function showImportErrors(root, err, withFields) {
	if (err.status === 413) {
		showErrors(root, [{ field: withFields ? 'evidence_1' : null, message: t('offline.evidence_total', { size: fmt.bytes(REQUEST_FACTOR * uploadMax()) }) }]);
		return;
	}
	if (err.status !== 422 || !err.errors || !err.errors.length) { showProblem(root, err); return; }
	const cells = err.errors.some((x) => x.code === 'bad_cell');
	const summary = showErrors(root, importErrors(err, withFields), cells ? t('offline.errors_title') : undefined);
	if (cells) summary.querySelector('.error-summary__title').after(h('p', {}, t('offline.errors_lead')));
}

function uploadPage(root, query) {
	const file = h('input', { type: 'file', id: 'offline-file', name: 'file', class: 'file', accept: '.xlsx' });
	const form = h('form', { class: 'form', novalidate: true, id: 'offline-upload' },
		field({ id: 'offline-file', label: t('offline.file'), control: file, field: 'file' }),
		textInput({ id: 'offline-partner', label: t('offline.partner'), hint: t('offline.partner_hint'), field: 'partner_id',
			value: query.partner_id || '', width: 'input--10', attrs: { inputmode: 'numeric' } }),
		evidenceFields(),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'offline-read' }, t('offline.read')),
			h('a', { href: '/offline-form' }, t('common.cancel'))));
	add(root, h('a', { href: '/offline-form', class: 'back-link' }, t('common.back')),
		h('h1', { class: 'heading-l' }, t('offline.import_title')),
		h('p', {}, t('offline.import_lead')), form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const chosen = file.files[0];
		const evidence = chosenEvidence(form);
		const errors = chosen ? [] : [{ field: 'file', code: 'offline_file_missing', message: t('offline.file_required') }];
		errors.push(...evidenceProblems(form, evidence, chosen));
		if (errors.length) { showErrors(root, errors); return; }
		const p = { file: chosen, evidence, partnerId: form.querySelector('#offline-partner').value.trim() };
		try {
			p.preview = await upload('/offline-imports/preview', formData(p, false));
			pending = p;
			app.navigate('/offline-imports/check');
		} catch (err) {
			showImportErrors(root, err, true);
		}
	});
}

function standardsTable(f) {
	return h('table', { class: 'table', id: 'offline-standards' },
		h('caption', { class: 'visually-hidden' }, t('offline.check_title')),
		h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('plan.standard')), h('th', { scope: 'col' }, t('pdf.self')),
			h('th', { scope: 'col' }, t('verify.answer')), h('th', { scope: 'col' }, t('verify.comment')))),
		h('tbody', {}, STANDARDS.map((n) => {
			const s = f.standards[n - 1];
			return h('tr', { id: `offline-standard-${n}` }, h('th', { scope: 'row' }, `${n}. ${standardTitle(n)}`),
				h('td', {}, answerWord(s.self.answer), s.self.comment ? h('p', { class: 'hint' }, s.self.comment) : null),
				h('td', {}, answerWord(s.verified.answer)), h('td', {}, s.verified.comment || ''));
		})));
}

function activitiesList(f) {
	if (!f.csip.activities.length) return h('p', { class: 'empty' }, t('plan.no_activities'));
	return h('div', {}, h('ul', { class: 'list', id: 'offline-activities' }, f.csip.activities.map((a) =>
		h('li', {}, `${standardTitle(a.standard)}: ${a.description} (${a.responsible}, ${fmt.date(a.due_date)})`))),
	notice(t(f.csip.status === 'submitted' ? 'offline.plan_submitted' : 'offline.plan_draft')));
}

function evidenceList(f) {
	if (!f.evidence || !f.evidence.length) return h('p', { class: 'empty', id: 'offline-evidence-list' }, t('offline.evidence_none'));
	return h('ul', { class: 'list', id: 'offline-evidence-list' }, f.evidence.map((e) =>
		h('li', {}, `${t('offline.evidence_label', { n: e.standard, title: standardTitle(e.standard) })}: `,
			t('offline.evidence_item', { name: e.filename, size: fmt.bytes(e.size) }))));
}

function checkPage(root) {
	if (!pending) { app.navigate('/offline-imports/new', { replace: true }); return; }
	const f = pending.preview;
	const yesNo = (v) => t(v ? 'answer.yes' : 'answer.no');
	const confirm = h('button', { type: 'button', class: 'button', id: 'offline-confirm' }, t('offline.confirm'));
	add(root, h('a', { href: '/offline-imports/new', class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, f.partner.name),
		h('h1', { class: 'heading-l' }, t('offline.check_title')),
		h('p', {}, t('offline.check_lead')),
		summaryList([
			[t('offline.partner_label'), `${f.partner.name} (${f.partner.id})`],
			[t('intro.contact'), yesNo(f.intro.contact_with_beneficiaries)],
			[t('intro.previously'), yesNo(f.intro.previously_assessed)],
			[t('offline.agency_label'), f.agency.code],
			[t('offline.rating_date'), fmt.date(f.rated_at)],
			[t('offline.rating_label'), h('span', { id: 'offline-rating' }, ratingTag(f.rating.value), ' ', eligibleTag(f.rating.eligible), ' ',
				t('assessment.standards_met_value', { n: f.rating.standards_met }))],
		]),
		h('h2', { class: 'heading-m' }, t('pdf.standards')), h('div', { class: 'table-wrap' }, standardsTable(f)),
		h('h2', { class: 'heading-m' }, t('offline.activities')), activitiesList(f),
		h('h2', { class: 'heading-m' }, t('offline.evidence_check')), evidenceList(f),
		h('div', { class: 'button-group' }, confirm, h('a', { href: '/offline-imports/new', id: 'offline-other' }, t('offline.upload_other'))));
	confirm.addEventListener('click', async () => {
		clearErrors(root);
		confirm.disabled = true;
		try {
			const a = await upload('/offline-imports', formData(pending, true));
			pending = null;
			app.flash = t('offline.done');
			app.navigate(`/assessments/${encodeURIComponent(a.id)}`);
		} catch (err) {
			confirm.disabled = false;
			showImportErrors(root, err, false);
		}
	});
}

export async function render(root, { query }) {
	if (!app.can('agency_advanced_editor')) { add(root, h('h1', { class: 'heading-l' }, t('offline.import_title')), notice(t('offline.not_allowed'))); return; }
	if (location.pathname.startsWith('/offline-imports/check')) checkPage(root);
	else uploadPage(root, query || {});
}
