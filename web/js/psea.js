// psea.js: what several pages share about assessments: the eight standards, rating and status
// tags, who may do what (mirroring the server, which decides), and the conflict notice.
import { api, get, post, ApiError } from './api.js';
import { t, has } from './i18n.js';
import { h, tag, notice, button, textArea, showProblem } from './dom.js';
import * as fmt from './format.js';
import { app } from './app.js';

export const STANDARDS = [1, 2, 3, 4, 5, 6, 7, 8];

export function standardTitle(n) { return t(`standard.${n}.title`); }

// Words about the partner, as its own people read them: the pages speak to them ("your
// organisation") where the catalogue has that wording (a key ending in `_own`).
export function tr(key, vars) {
	return t(app.isPartner() && has(`${key}_own`) ? `${key}_own` : key, vars);
}

// Suggested evidence per standard (DOMAIN.md), offered as document kinds.
export function evidenceKinds(n) {
	const list = t(`standard.${n}.evidence`).split('|').map((s) => s.trim()).filter(Boolean);
	return list;
}

export function answerOptions(n) {
	const opts = [['yes', t('answer.yes')], ['no', t('answer.no')]];
	if (n === 8) opts.push(['na', t('answer.na'), t('standard.8.na_hint')]);
	return opts;
}

const RATING_TONES = { full: 'green', medium: 'yellow', low: 'red' };
export function ratingTag(value) {
	return value ? tag(t(`rating.${value}`), RATING_TONES[value] || 'neutral') : tag(t('rating.none'), 'grey');
}

const STATUS_TONES = { intro: 'blue', self_assessment: 'blue', submitted: 'purple', verification: 'purple', rated: 'green', rating_unlocked: 'orange',
	draft: 'blue', active: 'purple', completed: 'green', not_started: 'grey', in_progress: 'blue', not_assessed: 'grey', expired: 'red', valid: 'green', expiring: 'orange' };
export function statusTag(list, value) { return tag(fmt.word(list, value), STATUS_TONES[value] || 'neutral'); }

export function eligibleTag(eligible) {
	if (eligible === null || eligible === undefined) return tag(t('eligible.unknown'), 'grey');
	return eligible ? tag(t('eligible.yes'), 'green') : tag(t('eligible.no'), 'red');
}

const OFFLINE_PENDING = 'psea.offline-pending'; // offline.js PENDING_KEY

// With working offline loaded (or needed now: offline, or answers waiting), the assessment is
// kept for the service worker and shows the answers that wait to be sent. While the page is drawn
// again after sending what waited (`app.readFresh`), it is the server's own answer: the kept copy
// may predate what was just sent.
export async function loadAssessment(id) {
	const path = `/assessments/${encodeURIComponent(id)}`;
	const fresh = !!app.readFresh;
	const a = fresh ? await readFresh(path) : await get(path);
	const needed = !navigator.onLine || localStorage.getItem(OFFLINE_PENDING);
	const offline = app.offline || (needed ? await import('./offline.js').then((m) => m.start()).catch(() => null) : null);
	return offline ? offline.prepare(a, { fresh }) : a;
}

// The server's own answer; the kept copy only when the server is out of reach after all.
async function readFresh(path) {
	try { return await api('GET', path, undefined, { fresh: true }); } catch (err) {
		if (err instanceof ApiError && err.status === 0) return get(path);
		throw err;
	}
}

// Saving without a connection: the answer waits in this browser and is sent when it returns.
// True when it was kept, so the page carries on as after a save.
export async function keptOffline(err, a, part, value) {
	if (!(err instanceof ApiError) || err.status !== 0) return false;
	const offline = await import('./offline.js');
	await offline.start();
	await offline.queueAnswer(a, part, value);
	return true;
}

export function standardOf(a, n) {
	return (a.standards || []).find((s) => Number(s.number) === n) || { number: n, self: {}, verified: {} };
}

// Same rule as the server (DOMAIN.md): met = yes, or na for standard 8; a rating only when all
// eight answers are present. Used for previews; the server's figure is the one that counts.
export function previewRating(a, side) {
	const answers = STANDARDS.map((n) => (standardOf(a, n)[side] || {}).answer);
	if (answers.some((x) => !x)) return null;
	const met = answers.filter((x, i) => x === 'yes' || (x === 'na' && i === 7)).length;
	const value = met === 8 ? 'full' : met >= 6 ? 'medium' : 'low';
	return { value, standards_met: met, eligible: answers[7] !== 'no' };
}

export function preliminaryRating(a) {
	const server = a.self_rating || a.preliminary_rating;
	if (server) return server.value ? server : null;
	return previewRating(a, 'self');
}

export const PARTNER_EDITABLE = ['intro', 'self_assessment'];
export const VERIFY_EDITABLE = ['submitted', 'verification', 'rating_unlocked'];

export function canEditSelf(a) {
	if (!PARTNER_EDITABLE.includes(a.status)) return false;
	return app.can('partner_editor', 'agency_editor', 'agency_advanced_editor');
}
export function canVerify(a) { return VERIFY_EDITABLE.includes(a.status) && app.can('agency_editor', 'agency_advanced_editor'); }
export function canFinalize(a) { return VERIFY_EDITABLE.includes(a.status) && app.can('agency_advanced_editor'); }
export function isAdvanced() { return app.can('agency_advanced_editor'); }

export function partnerName(a) { return (a.partner && a.partner.name) || t('common.partner'); }

export function caption(a) { return h('span', { class: 'caption' }, partnerName(a)); }

// The 409 version_conflict answer: say so plainly and offer to load the latest version while
// keeping what the person typed.
export function conflictNotice(root) {
	root.querySelectorAll('.notice--conflict').forEach((el) => el.remove());
	const box = h('div', { class: 'notice notice--conflict', role: 'alert', tabindex: '-1', id: 'conflict' },
		h('h2', { class: 'heading-s' }, t('conflict.title')),
		h('p', {}, t('conflict.text')),
		button(t('conflict.reload'), { id: 'conflict-reload', class: 'button button--secondary', onclick: () => app.rerender((main) => {
			main.prepend(notice(t('conflict.reloaded'), 'info'));
		}) }));
	root.prepend(box);
	box.focus();
}

export function documentLink(d) {
	return h('a', { href: `/api/v1/documents/${encodeURIComponent(d.id)}`, target: '_blank', rel: 'noopener' },
		d.title || t('document.untitled'),
		h('span', { class: 'visually-hidden' }, ' ' + t('common.opens_new_tab')));
}

// "Withdraw" beside a document the server says the caller may withdraw (`withdrawable`): it asks
// for an optional reason and a confirmation first, since the document then leaves the assessment
// for good (it stays in the record).
function withdrawControl(d) {
	const reasonId = `withdraw-reason-${d.id}`;
	const confirm = h('div', { class: 'doc-list__confirm', id: `withdraw-confirm-${d.id}`, hidden: true },
		h('p', {}, t('document.withdraw_text', { title: d.title || t('document.untitled') })),
		textArea({ id: reasonId, label: t('document.withdraw_reason'), field: 'reason', rows: 2 }),
		h('div', { class: 'button-group' },
			button(t('document.withdraw_confirm'), { id: `withdraw-yes-${d.id}`, class: 'button button--warning', onclick: async (e) => {
				e.target.disabled = true;
				const reason = confirm.querySelector(`#${reasonId}`).value.trim();
				try {
					await post(`/documents/${encodeURIComponent(d.id)}/withdraw`, reason ? { reason } : {});
					app.flash = t('document.withdrawn', { title: d.title || t('document.untitled') });
					app.rerender();
				} catch (err) {
					e.target.disabled = false;
					showProblem(confirm, err);
				}
			} }),
			button(t('common.cancel'), { id: `withdraw-no-${d.id}`, class: 'button button--secondary', onclick: () => {
				confirm.hidden = true;
				open.hidden = false;
				open.focus();
			} })));
	const open = h('button', { type: 'button', id: `withdraw-${d.id}`, class: 'button button--secondary button--small', onclick: () => {
		open.hidden = true;
		confirm.hidden = false;
		confirm.querySelector(`#${reasonId}`).focus();
	} }, t('document.withdraw'), h('span', { class: 'visually-hidden' }, ` – ${d.title || t('document.untitled')}`));
	return [open, confirm];
}

export function documentList(docs) {
	if (!docs || !docs.length) return h('p', { class: 'hint' }, t('document.none'));
	return h('ul', { class: 'doc-list' }, docs.map((d) => h('li', { class: 'doc-list__item', id: `document-${d.id}` },
		documentLink(d),
		h('span', { class: 'doc-list__meta' },
			[d.size ? fmt.bytes(d.size) : null, d.uploaded_at ? fmt.date(d.uploaded_at) : null, d.on_behalf ? tr('document.on_behalf') : null].filter(Boolean).join(' · ')),
		d.withdrawable ? withdrawControl(d) : null)));
}
