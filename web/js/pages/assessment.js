// assessment.js: one assessment at a glance: where it stands, the steps as a task list, the
// rating, the agency's comments and the history. Each step opens its own page.
import { get, post } from '../api.js';
import { t, language } from '../i18n.js';
import { h, add, tag, textArea, showProblem, showErrors, summaryList, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { STANDARDS, standardTitle, standardOf, ratingTag, statusTag, eligibleTag, loadAssessment, canEditSelf,
	canVerify, canFinalize, isAdvanced, preliminaryRating, partnerName, tr } from '../psea.js';

function taskRow(name, href, status) {
	return h('li', { class: 'task-list__item' },
		h('span', { class: 'task-list__name' }, href ? h('a', { href }, name) : name), status);
}

function done(yes) { return yes ? tag(t('task.done'), 'green') : tag(t('task.todo'), 'blue'); }

function introComplete(a) { return a.intro && a.intro.contact_with_beneficiaries !== null && a.intro.contact_with_beneficiaries !== undefined; }

function partnerTasks(a, base) {
	const editable = canEditSelf(a);
	const intro = introComplete(a);
	const rows = [taskRow(t('intro.title'), `${base}/intro`, done(intro))];
	for (const n of STANDARDS) {
		const s = standardOf(a, n);
		const answered = s.self && s.self.answer;
		rows.push(taskRow(t('standard.heading', { n, title: standardTitle(n) }), intro ? `${base}/standards/${n}` : null,
			intro ? (answered ? tag(fmt.word('answer', s.self.answer), 'green') : tag(t('task.todo'), 'blue')) : tag(t('task.cannot_start'), 'grey')));
	}
	const submitted = !['intro', 'self_assessment'].includes(a.status);
	rows.push(taskRow(t('check.title'), editable && intro ? `${base}/check` : null, submitted ? tag(t('task.submitted'), 'green') : tag(t('task.not_yet'), 'grey')));
	return h('section', { class: 'section', 'aria-labelledby': 'tasks' },
		h('h2', { class: 'heading-m', id: 'tasks' }, tr('assessment.partner_steps')),
		h('ol', { class: 'task-list' }, rows));
}

function ratingPanel(a) {
	const r = a.rating || {};
	const prelim = preliminaryRating(a);
	const panels = [];
	if (r.value) {
		panels.push(h('div', { class: 'panel panel--rating', id: 'rating-panel' },
			h('h2', { class: 'heading-m' }, t('assessment.rating')),
			h('p', { class: 'panel__big' }, ratingTag(r.value), ' ', eligibleTag(r.eligible)),
			summaryList([
				// an accepted prior assessment says nothing of each standard: no count is shown
				typeof r.standards_met === 'number' ? [t('assessment.standards_met'), t('assessment.standards_met_value', { n: r.standards_met })]
					: [t('assessment.standards_met'), t('assessment.standards_met_prior')],
				[t('assessment.rated_at'), fmt.date(r.rated_at)],
				r.valid_until ? [t('assessment.valid_until'), `${fmt.date(r.valid_until)} (${fmt.clock(r.valid_until, 'expires')})`] : null,
			]),
			r.eligible === false ? notice(tr('assessment.not_eligible_text'), 'important') : null,
			r.value !== 'full' ? h('p', {}, tr('assessment.plan_needed')) : null));
	}
	if (prelim) {
		panels.push(h('div', { class: 'panel', id: 'preliminary-panel' },
			h('h2', { class: 'heading-s' }, t('assessment.preliminary')),
			h('p', {}, ratingTag(prelim.value), ' ', t('assessment.standards_met_value', { n: prelim.standards_met })),
			h('p', { class: 'hint' }, tr('assessment.preliminary_hint'))));
	}
	return panels;
}

// An INGO country office's headquarters: its standing is shown for information, never in place
// of the country office's own.
export function consideredPanel(hq) {
	const s = hq.psea || {};
	return h('div', { class: 'panel', id: 'hq-panel' },
		h('h2', { class: 'heading-s' }, t('partner.hq_title')),
		h('p', {}, tr('partner.hq_text', { name: hq.name })),
		h('p', {}, ratingTag(s.rating), ' ', s.rating ? eligibleTag(s.eligible) : null, s.valid_until ? ` ${t('partner.valid_until', { date: fmt.date(s.valid_until) })}` : ''),
		h('p', {}, h('a', { href: `/partners/${encodeURIComponent(hq.partner_id || hq.id)}` }, t('partner.hq_open'))));
}

// The agency's verification as the partner reads it once the assessment is rated (the API gives
// the partner no verified answer before): each standard's verified answer and the comment
// written for the partner.
function verificationForPartner(a) {
	if (!app.isPartner() || a.status !== 'rated') return null;
	const rows = STANDARDS.map((n) => ({ n, v: standardOf(a, n).verified || {} })).filter((x) => x.v.answer);
	if (!rows.length) return null;
	return h('section', { class: 'section', 'aria-labelledby': 'verification-result', id: 'verification-for-partner' },
		h('h2', { class: 'heading-m', id: 'verification-result' }, t('assessment.verification_title')),
		h('p', { class: 'hint' }, t('assessment.verification_hint')),
		h('dl', { class: 'summary-list' }, rows.map(({ n, v }) => h('div', { class: 'summary-list__row', id: `verified-${n}` },
			h('dt', { class: 'summary-list__key' }, h('a', { href: `/assessments/${encodeURIComponent(a.id)}/standards/${n}` },
				t('standard.heading', { n, title: standardTitle(n) }))),
			h('dd', { class: 'summary-list__value' }, h('strong', {}, fmt.word('answer', v.answer)),
				v.comment ? h('p', { class: 'verified-comment' }, v.comment) : null)))));
}

function agencyActions(a, base) {
	const links = [];
	if (canVerify(a)) links.push(h('a', { href: `${base}/verify`, class: 'button', id: 'go-verify' }, t('assessment.verify')));
	if (canFinalize(a)) links.push(h('a', { href: `${base}/finalize`, class: 'button button--secondary', id: 'go-finalize' }, t('assessment.finalize')));
	if (isAdvanced() && a.status === 'rated') links.push(h('a', { href: `${base}/unlock/rating`, class: 'button button--secondary', id: 'go-unlock-rating' }, t('unlock.rating_title')));
	if (isAdvanced() && ['submitted', 'verification', 'rating_unlocked', 'rated'].includes(a.status)) links.push(h('a', { href: `${base}/unlock/self`, class: 'button button--secondary', id: 'go-unlock-self' }, t('unlock.self_title')));
	if (isAdvanced() && a.intro && a.intro.previously_assessed && a.intro.previous && !['rated'].includes(a.status)) {
		links.push(h('button', { type: 'button', class: 'button button--secondary', id: 'accept-previous', onclick: async (e) => {
			try { await post(`/assessments/${a.id}/accept-previous`, {}, { version: a.version }); app.flash = t('assessment.accepted_previous'); app.rerender(); } catch (err) { showProblem(e.target.closest('.page'), err); }
		} }, t('assessment.accept_previous')));
	}
	if (!links.length) return null;
	return h('section', { class: 'section', 'aria-labelledby': 'agency-actions' },
		h('h2', { class: 'heading-m', id: 'agency-actions' }, t('assessment.agency_steps')),
		h('div', { class: 'button-group' }, links));
}

// Who took a step: the person and their organisation; the partner's own people read "your
// organisation" for their colleagues.
function actorText(e) {
	const who = e.actor || (e.by && typeof e.by === 'object' ? e.by : null);
	if (!who || !who.name) return null;
	const org = who.organization;
	if (!org || !org.name) return t('assessment.history_by', { name: who.name });
	const own = app.isPartner() && String(app.user.organization.id) === String(org.id);
	return t(own ? 'assessment.history_by_own' : 'assessment.history_by_org', { name: who.name, organisation: org.code || org.name });
}

function historyList(a) {
	const items = Array.isArray(a.history) ? a.history : [];
	if (!items.length) return null;
	return h('section', { class: 'section', 'aria-labelledby': 'history' },
		h('h2', { class: 'heading-m', id: 'history' }, t('assessment.history')),
		h('ol', { class: 'timeline' }, items.slice().reverse().map((e) => h('li', { class: 'timeline__item' },
			h('span', { class: 'timeline__when' }, fmt.dateTime(e.at || e.created_at || e.when)),
			h('strong', {}, fmt.word('event', e.action || e.event || e.to || e.status)),
			actorText(e) ? h('span', { class: 'timeline__who' }, ' – ', actorText(e)) : null,
			// an agency that joins is named by the actor's organisation already
			e.reason && e.action !== 'agency_joined' ? h('p', { class: 'timeline__reason' }, t('assessment.reason'), ': ', e.reason) : null))));
}

async function commentsSection(a, base) {
	let data = null;
	try { data = await get(`${base}/comments`); } catch { data = null; }
	const items = data && Array.isArray(data.items) ? data.items : [];
	const unlockNote = a.status === 'rating_unlocked' || a.status === 'self_assessment' ? (a.history || []).filter((e) => e.reason).slice(-1)[0] : null;
	const section = h('section', { class: 'section', 'aria-labelledby': 'comments' },
		h('h2', { class: 'heading-m', id: 'comments' }, t('comments.title')));
	if (unlockNote && app.isPartner()) add(section, notice(t('comments.unlocked_because', { reason: unlockNote.reason }), 'warning'));
	add(section, items.length ? h('ol', { class: 'timeline' }, items.map((c) => h('li', { class: 'timeline__item' },
		h('span', { class: 'timeline__when' }, `${fmt.dateTime(c.created_at || c.at)}${c.author ? ' – ' + (c.author.name || '') : ''}${c.author && c.author.organization ? ' (' + c.author.organization.name + ')' : ''}`),
		h('p', {}, c.text)))) : h('p', { class: 'empty' }, t('comments.none')));
	if (!app.can('partner_reader', 'agency_reader')) {
		const form = h('form', { class: 'form', novalidate: true },
			textArea({ id: 'comment-text', label: t('comments.add'), field: 'text', rows: 3 }),
			h('button', { type: 'submit', class: 'button button--secondary', id: 'comment-submit' }, t('comments.post')));
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			const text = form.querySelector('#comment-text').value.trim();
			if (!text) { showErrors(section, [{ field: 'text', code: 'comment_empty' }]); return; }
			try { await post(`/assessments/${a.id}/comments`, { text }); app.flash = t('comments.posted'); app.navigate(location.pathname, { replace: true }); } catch (err) { showProblem(section, err); }
		});
		add(section, form);
	}
	return section;
}

// The rating given can rise with the plan's completed activities (DOMAIN.md): the partner's
// standing says what holds today.
async function currentRatingPanel(a) {
	if (!a.csip || !a.partner || !a.rating || !a.rating.value) return null;
	let p = null;
	try { p = await get(`/partners/${encodeURIComponent(a.partner.id)}`); } catch { return null; }
	const s = p && p.psea;
	if (!s || !s.rating || s.rating === a.rating.value || !s.csip || String(s.csip.assessment_id) !== String(a.id)) return null;
	return h('div', { class: 'panel panel--rating', id: 'current-rating' },
		h('h2', { class: 'heading-s' }, t('assessment.current_rating')),
		h('p', { class: 'panel__big' }, ratingTag(s.rating), ' ', eligibleTag(s.eligible)),
		typeof s.standards_met === 'number' ? h('p', {}, t('assessment.standards_met_value', { n: s.standards_met })) : null,
		h('p', { class: 'hint' }, t('assessment.current_rating_hint')));
}

export async function render(root, { params }) {
	const a = await loadAssessment(params.id);
	const base = `/assessments/${encodeURIComponent(a.id)}`;
	const agencies = (a.agencies || []).map((g) => g.code || g.name).filter(Boolean).join(', ');
	const myAgency = app.isAgency() && (a.agencies || []).some((g) => String(g.id) === String(app.user.organization.id));
	add(root, 
		h('a', { href: app.isAgency() ? `/partners/${encodeURIComponent(a.partner ? a.partner.id : '')}` : '/', class: 'back-link' }, t('common.back')),
		h('span', { class: 'caption' }, partnerName(a)),
		h('h1', { class: 'heading-l' }, t('assessment.title')),
		summaryList([
			[t('assessment.status'), statusTag('status', a.status)],
			[t('assessment.lead_agency'), a.lead_agency ? (a.lead_agency.name || a.lead_agency.code) : t('common.none')],
			agencies ? [t('assessment.agencies'), agencies] : null,
			a.imported_from === 'offline_form' ? [t('offline.page_title'), h('span', { id: 'imported-from' }, t('offline.imported'))] : null,
		]),
		h('p', { class: 'lead' }, tr(`status_help.${a.status}`)),
		h('p', {}, h('a', { href: `/api/v1${base}/report.pdf?lang=${language()}`, id: 'report-pdf' }, t('assessment.report_pdf'))),
		h('p', {}, h('a', { href: `/api/v1/offline-forms/assessment.pdf?lang=${language()}`, id: 'offline-form-pdf', 'aria-describedby': 'offline-form-hint' },
			t('paper.download')), h('br'), h('span', { class: 'hint', id: 'offline-form-hint' }, t('paper.download_hint'))));
	if (app.isAgency() && !myAgency && isAdvanced() && a.status !== 'rated') {
		const join = h('button', { type: 'button', class: 'button', id: 'join', onclick: async () => {
			try { await post(`${base}/agencies`, { agency_id: app.user.organization.id }, { version: a.version }); app.flash = t('assessment.joined'); app.rerender(); } catch (err) { showProblem(root, err); }
		} }, t('assessment.join'));
		add(root, h('div', { class: 'notice' }, h('p', {}, t('assessment.join_text')), join));
	}
	add(root, await currentRatingPanel(a), ...ratingPanel(a));
	if (a.considered && a.considered.psea) add(root, consideredPanel(a.considered));
	if (a.csip || a.status === 'rated' || a.status === 'rating_unlocked') {
		const plan = a.csip;
		add(root, h('div', { class: 'panel' }, h('h2', { class: 'heading-s' }, t('plan.title')),
			plan ? h('p', {}, statusTag('plan_status', plan.status), plan.due && !['active', 'completed'].includes(plan.status) ? ` ${fmt.clock(plan.due)}` : '') : h('p', {}, t('plan.none_yet')),
			h('p', {}, h('a', { href: `${base}/plan`, id: 'go-plan' }, t('plan.open')))));
	}
	const verification = verificationForPartner(a);
	if (verification) add(root, verification);
	add(root, partnerTasks(a, base));
	if (app.isAgency()) { const act = agencyActions(a, base); if (act) add(root, act); }
	if (app.can('partner_editor') && ['submitted', 'verification', 'rated', 'rating_unlocked'].includes(a.status)) {
		add(root, h('p', {}, h('a', { href: `${base}/unlock/request`, id: 'go-unlock-request' }, t('unlock.request_title'))));
	}
	add(root, await commentsSection(a, base));
	const hist = historyList(a);
	if (hist) add(root, hist);
}

