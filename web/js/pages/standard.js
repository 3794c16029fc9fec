// standard.js: Section 2, one standard per page: what it asks, guidance and suggested evidence,
// the answer and comment, and the documents behind it (uploaded with a progress bar).
import { put, upload, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, radios, textArea, select, textInput, field, showErrors, showProblem, radioValue, clearErrors, notice, nextId } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { loadAssessment, canEditSelf, standardTitle, standardOf, answerOptions, evidenceKinds, partnerName, conflictNotice, documentList, keptOffline } from '../psea.js';

const OTHER = '__other';
const UPLOAD_MAX_DEFAULT = 20 * 1024 * 1024;
const uploadMax = () => app.limits.upload_max_bytes || UPLOAD_MAX_DEFAULT;

// The upload form: kind of document (suggested evidence, or other described), the file, the
// confirmation that it is formally approved, and a progress bar while it travels. A kind is its
// title, or {label, kind} when the server tells documents of that kind apart (sent as `kind`).
// With `activities` ([[id, label]]), the evidence of one plan activity, chosen first.
export function uploadForm(a, standard, kinds, { activities } = {}) {
	const id = nextId('upload');
	const labels = kinds.map((k) => (typeof k === 'object' ? k.label : k));
	const machineKind = new Map(kinds.filter((k) => typeof k === 'object').map((k) => [k.label, k.kind]));
	const activitySel = activities ? select({ id: `${id}-activity`, label: t('upload.activity'), field: 'activity_id',
		options: [['', t('common.choose')], ...activities] }) : null;
	const kindSel = select({ id: `${id}-kind`, label: t('upload.kind'), field: 'title',
		options: [['', t('common.choose')], ...labels.map((k) => [k, k]), [OTHER, t('upload.other')]] });
	const other = textInput({ id: `${id}-other`, label: t('upload.other_label'), field: 'title_other' });
	other.hidden = true;
	const file = h('input', { type: 'file', id: `${id}-file`, name: 'file', class: 'file', accept: '.pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg' });
	const approved = h('div', { class: 'checkbox' },
		h('input', { type: 'checkbox', id: `${id}-approved`, name: 'approved', value: 'true' }),
		h('label', { for: `${id}-approved` }, t('upload.approved')));
	const progress = h('progress', { class: 'progress', max: '100', value: '0', id: `${id}-progress`, 'aria-label': t('upload.progress') });
	const progressText = h('p', { class: 'progress-text', 'aria-live': 'polite', id: `${id}-progress-text` });
	const progressBox = h('div', { hidden: true }, progress, progressText);
	const form = h('form', { class: 'upload', novalidate: true },
		h('h3', {}, t('upload.title')),
		h('p', { class: 'hint' }, t('upload.hint')),
		activitySel, kindSel, other,
		field({ id: `${id}-file`, label: t('upload.file'), hint: t('upload.file_hint', { size: fmt.bytes(uploadMax()) }), control: file, field: 'file' }),
		field({ id: `${id}-approved`, label: t('upload.approval'), control: approved, field: 'approved', legend: true }),
		progressBox,
		h('button', { type: 'submit', class: 'button button--secondary', id: `${id}-submit` }, t('upload.submit')));
	kindSel.querySelector('select').addEventListener('change', (e) => { other.hidden = e.target.value !== OTHER; });
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(form);
		const kind = form.querySelector(`#${id}-kind`).value;
		const title = kind === OTHER ? form.querySelector(`#${id}-other`).value.trim() : kind;
		const errors = [];
		const activity = activitySel ? form.querySelector(`#${id}-activity`).value : '';
		if (activitySel && !activity) errors.push({ field: 'activity_id', message: t('error.upload_activity_missing') });
		if (!kind) errors.push({ field: 'title', code: 'upload_kind_missing' });
		else if (!title) errors.push({ field: 'title_other', code: 'upload_other_missing' });
		if (!file.files.length) errors.push({ field: 'file', code: 'upload_file_missing' });
		// Said before a slow connection spends minutes sending what would be refused.
		else if (file.files[0].size > uploadMax()) errors.push({ field: 'file', message: t('error.file_too_large', { size: fmt.bytes(uploadMax()) }) });
		if (!form.querySelector(`#${id}-approved`).checked) errors.push({ field: 'approved', code: 'document_not_approved' });
		if (errors.length) { showErrors(form, errors); return; }
		const data = new FormData();
		data.append('standard', standard === '' ? '' : String(standard));
		if (activity) data.append('activity_id', activity);
		data.append('title', title);
		if (machineKind.has(kind)) data.append('kind', machineKind.get(kind));
		data.append('approved', 'true');
		data.append('file', file.files[0]);
		progressBox.hidden = false;
		const submit = form.querySelector('button[type=submit]');
		submit.disabled = true;
		try {
			await upload(`/assessments/${encodeURIComponent(a.id)}/documents`, data, (loaded, total) => {
				const pct = Math.round((loaded / total) * 100);
				progress.value = pct;
				progressText.textContent = t('upload.progress_text', { pct, size: fmt.bytes(total) });
			});
			progress.value = 100;
			app.flash = t('upload.done', { title });
			app.rerender();
		} catch (err) {
			submit.disabled = false;
			progressBox.hidden = true;
			if (err instanceof ApiError && err.status === 0) {
				// no connection: the file waits in this browser's queue and goes when it returns
				const offline = await import('../offline.js');
				await offline.start();
				await offline.queueUpload(a, { standard: standard === '' ? '' : String(standard), activity_id: activity || null, title,
					kind: machineKind.get(kind) || null, approved: 'true' }, file.files[0]);
				app.flash = t('offline.upload_queued', { title });
				app.rerender();
				return;
			}
			if (err instanceof ApiError && err.status === 413) showErrors(form, [{ field: 'file', message: t('error.file_too_large', { size: fmt.bytes(uploadMax()) }) }]);
			else if (err instanceof ApiError && err.status === 415) showErrors(form, [{ field: 'file', code: 'unsupported_media_type', message: err.message }]);
			else if (err instanceof ApiError && err.errors.length) showErrors(form, err.errors.map((x) => ({ ...x, field: x.field === 'approved' || x.field === 'file' ? x.field : 'file' })));
			else showErrors(form, [{ field: err.code === 'document_not_approved' ? 'approved' : 'file', code: err.code, message: err.message }]);
		}
	});
	return form;
}

export async function render(root, { params }) {
	const n = Number(params.n);
	if (!(n >= 1 && n <= 8)) throw new ApiError(404, null);
	const a = await loadAssessment(params.id);
	const base = `/assessments/${encodeURIComponent(a.id)}`;
	const s = standardOf(a, n);
	const self = s.self || {};
	const editable = canEditSelf(a);
	const kinds = evidenceKinds(n);
	add(root, 
		h('a', { href: n > 1 ? `${base}/standards/${n - 1}` : `${base}/intro`, class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, `${partnerName(a)} – ${t('standard.counter', { n, of: 8 })}`),
		h('h1', { class: 'heading-l' }, standardTitle(n)),
		h('p', { class: 'lead' }, t(`standard.${n}.asks`)),
		h('div', { class: 'guidance' },
			h('h2', {}, t('standard.guidance')),
			h('p', {}, t(`standard.${n}.guidance`)),
			h('h2', {}, t('standard.evidence')),
			h('ul', {}, kinds.map((k) => h('li', {}, k)))));
	if (!editable) add(root, notice(t('standard.read_only'), 'info'));
	// The partner reads the agency's verified answer and comment once the rating is given.
	const verified = s.verified || {};
	if (app.isPartner() && a.status === 'rated' && verified.answer) {
		add(root, h('div', { class: 'panel', id: 'verified-panel' },
			h('h2', { class: 'heading-s' }, t('standard.verified_title')),
			h('p', {}, t('standard.verified_answer'), ' ', h('strong', {}, fmt.word('answer', verified.answer))),
			verified.comment ? h('p', {}, t('standard.verified_comment'), ' ', verified.comment) : null));
	}
	const form = h('form', { class: 'form', novalidate: true, id: 'standard-form' },
		radios({ id: 'answer', label: t('standard.question', { title: standardTitle(n) }), field: `answers[0].answer`, value: self.answer, options: answerOptions(n) }),
		textArea({ id: 'comment', label: t('standard.comment'), hint: t('standard.comment_hint'), value: self.comment, field: `answers[0].comment` }),
		editable ? h('div', { class: 'button-group' },
			h('button', { type: 'submit', class: 'button', id: 'save-continue', value: 'continue' }, t('common.save_continue')),
			h('button', { type: 'submit', class: 'button button--secondary', id: 'save-later', value: 'later' }, t('common.save_later'))) : null);
	if (!editable) form.querySelectorAll('input, textarea').forEach((el) => { el.disabled = true; });
	add(root, form, h('section', { class: 'section', 'aria-labelledby': 'docs' },
		h('h2', { class: 'heading-m', id: 'docs' }, t('standard.documents')),
		h('p', { class: 'hint' }, t('standard.documents_hint')),
		documentList(self.documents),
		editable || (app.can('agency_editor', 'agency_advanced_editor') && a.status !== 'rated') ? uploadForm(a, n, kinds) : null));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const later = e.submitter && e.submitter.value === 'later';
		const answer = radioValue(form, 'answer');
		const comment = form.querySelector('#comment').value;
		const here = location.pathname;
		try {
			await put(`${base}/self-assessment`, { answers: [{ standard: n, answer, comment }] }, { version: a.version });
			// Someone who opened another page while the save was on its way stays there.
			if (location.pathname !== here) return;
			app.flash = t(later ? 'common.saved_later' : 'common.saved');
			app.navigate(later ? base : (n < 8 ? `${base}/standards/${n + 1}` : `${base}/check`));
		} catch (err) {
			if (await keptOffline(err, a, n, { answer, comment })) {
				if (location.pathname !== here) return;
				app.flash = t('offline.saved_here');
				app.navigate(later ? base : (n < 8 ? `${base}/standards/${n + 1}` : `${base}/check`));
			} else if (err instanceof ApiError && err.code === 'version_conflict') conflictNotice(root);
			else showProblem(root, err);
		}
	});
}
