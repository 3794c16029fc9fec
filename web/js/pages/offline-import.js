// offline-import.js: an agency advanced editor brings in a filled offline form. First the upload
// (/offline-imports/new), read without saving; then "check your answers" (/offline-imports/check)
// showing what the workbook says; saved only on confirmation. A workbook with bad cells lists each
// one as "Sheet!C4: what to fix" and nothing is saved.
import { upload } from '../api.js';
import { t } from '../i18n.js';
import { h, add, textInput, field, showErrors, showProblem, clearErrors, summaryList, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { STANDARDS, standardTitle, ratingTag, eligibleTag } from '../psea.js';

// The file and what the server read from it, kept between the two pages.
let pending = null;

function answerWord(a) { return a ? t(`answer.${a}`) : t('answer.none'); }

function formData(p, withChecksum) {
	const data = new FormData();
	if (p.partnerId) data.append('partner_id', p.partnerId);
	if (withChecksum) data.append('sha256', p.preview.sha256);
	data.append('file', p.file, p.file.name);
	return data;
}

function uploadPage(root, query) {
	const file = h('input', { type: 'file', id: 'offline-file', name: 'file', class: 'file', accept: '.xlsx' });
	const form = h('form', { class: 'form', novalidate: true, id: 'offline-upload' },
		field({ id: 'offline-file', label: t('offline.file'), control: file, field: 'file' }),
		textInput({ id: 'offline-partner', label: t('offline.partner'), hint: t('offline.partner_hint'), field: 'partner_id',
			value: query.partner_id || '', width: 'input--10', attrs: { inputmode: 'numeric' } }),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'offline-read' }, t('offline.read')),
			h('a', { href: '/offline-form' }, t('common.cancel'))));
	add(root, h('a', { href: '/offline-form', class: 'back-link' }, t('common.back')),
		h('h1', { class: 'heading-l' }, t('offline.import_title')),
		h('p', {}, t('offline.import_lead')), form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const chosen = file.files[0];
		if (!chosen) { showErrors(root, [{ field: 'file', code: 'offline_file_missing', message: t('offline.file_required') }]); return; }
		const p = { file: chosen, partnerId: form.querySelector('#offline-partner').value.trim() };
		try {
			p.preview = await upload('/offline-imports/preview', formData(p, false));
			pending = p;
			app.navigate('/offline-imports/check');
		} catch (err) {
			// each bad cell says where it is and what to fix: shown as the server wrote it
			if (err.status === 422 && err.errors.some((x) => x.code === 'bad_cell')) {
				const summary = showErrors(root, err.errors.map((x) => ({ code: 'bad_cell', message: x.message })), t('offline.errors_title'));
				summary.querySelector('.error-summary__title').after(h('p', {}, t('offline.errors_lead')));
			} else showProblem(root, err);
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
		h('h2', { class: 'heading-m' }, t('pdf.standards')), standardsTable(f),
		h('h2', { class: 'heading-m' }, t('offline.activities')), activitiesList(f),
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
			if (err.status === 422 && err.errors.length) showErrors(root, err.errors.map((x) => ({ code: 'bad_cell', message: x.message })), t('offline.errors_title'));
			else showProblem(root, err);
		}
	});
}

export async function render(root, { query }) {
	if (!app.can('agency_advanced_editor')) { add(root, h('h1', { class: 'heading-l' }, t('offline.import_title')), notice(t('offline.not_allowed'))); return; }
	if (location.pathname.startsWith('/offline-imports/check')) checkPage(root);
	else uploadPage(root, query || {});
}
