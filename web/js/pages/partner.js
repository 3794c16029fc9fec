// partner.js: one partner: its standing, every assessment it had (each linked for those who may
// open it; another agency may join one), and for an INGO country office the headquarters'
// standing shown beside it as "considered".
import { get, post, ApiError } from '../api.js';
import { t, language } from '../i18n.js';
import { h, add, summaryList, showProblem, notice, tag } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { ratingTag, eligibleTag, statusTag, tr } from '../psea.js';
import { formHref } from './offline-form.js';
import { countryName } from '../countries.js';

function agencyName(a) { return a && typeof a === 'object' ? (a.code || a.name) : a; }

function standingRows(s) {
	return [
		[t('partner.standing'), statusTag('standing', s.status || (s.rating ? 'valid' : 'not_assessed'))],
		[t('partner.rating'), h('span', {}, ratingTag(s.rating), ' ', s.rating ? eligibleTag(s.eligible) : null)],
		s.rating && typeof s.standards_met === 'number' ? [t('assessment.standards_met'), t('assessment.standards_met_value', { n: s.standards_met })] : null,
		s.rating_date ? [t('partner.rating_date'), fmt.date(s.rating_date)] : null,
		s.valid_until ? [t('partner.valid_until_short'), `${fmt.date(s.valid_until)} (${fmt.clock(s.valid_until, 'expires')})`] : null,
		s.assessed_by ? [t('partner.assessed_by'), agencyName(s.assessed_by)] : null,
		s.csip && s.csip.status ? [t('partner.plan'), h('span', {}, statusTag('plan_status', s.csip.status), s.csip.due && ['draft', 'submitted'].includes(s.csip.status) ? ` ${fmt.clock(s.csip.due)}` : '')] : null,
	];
}

function headquartersPanel(hq) {
	return h('div', { class: 'panel', id: 'hq-panel' },
		h('h2', { class: 'heading-m' }, t('partner.hq_title')),
		h('p', {}, tr('partner.hq_text', { name: hq.name })),
		summaryList(standingRows(hq.psea || {})),
		h('p', {}, h('a', { href: `/partners/${encodeURIComponent(hq.id || hq.partner_id)}` }, t('partner.hq_open'))));
}

async function join(root, id) {
	try {
		await post(`/assessments/${encodeURIComponent(id)}/agencies`, { agency_id: app.user.organization.id });
		app.flash = t('assessment.joined');
		app.navigate(`/assessments/${encodeURIComponent(id)}`);
	} catch (err) { showProblem(root, err); }
}

// Where a rating stands: in force, replaced by a later one, or past its validity.
function placeTag(e) {
	if (e.in_force) return tag(t('partner.in_force'), 'green');
	if (e.superseded) return tag(t('partner.superseded'), 'grey');
	if (e.expired) return tag(t('partner.expired'), 'red');
	return null;
}

// One assessment of the list: a link for whoever may open it; for an advanced editor of an agency
// that does not take part in a rated one, a button to join it (an open one has its own below).
function assessmentItem(root, e, open) {
	const when = fmt.date(e.rated_at || e.created_at);
	const label = e.kind === 'past_assessment' ? t('partner.past_assessment_of', { date: when })
		: e.source === 'previous' ? t('partner.prior_assessment_of', { date: when }) : t('partner.assessment_of', { date: when });
	const isOpen = open && String(open.id) === String(e.id);
	const name = e.kind === 'assessment' && e.participating
		? h('a', { href: `/assessments/${encodeURIComponent(e.id)}`, id: isOpen ? 'open-assessment' : `assessment-${e.id}` }, label)
		: h('span', {}, label);
	const joinable = e.kind === 'assessment' && !e.participating && !isOpen && app.can('agency_advanced_editor');
	return h('li', { class: 'task-list__item', id: `${e.kind}-item-${e.id}` }, name, ' ',
		e.kind === 'assessment' ? statusTag('status', e.status) : null, ' ', e.rating ? ratingTag(e.rating) : null, ' ', placeTag(e),
		e.assessed_by ? h('span', { class: 'hint' }, ` ${t('partner.assessed_by')}: ${agencyName(e.assessed_by)}`) : null,
		joinable ? h('button', { type: 'button', class: 'button button--secondary', id: `join-${e.id}`, onclick: () => join(root, e.id) }, t('assessment.join')) : null);
}

function openAssessmentSection(root, p, history) {
	const open = p.open_assessment;
	const section = h('section', { class: 'section', 'aria-labelledby': 'assessments-title' },
		h('h2', { class: 'heading-m', id: 'assessments-title' }, t('partner.assessments')));
	const rows = history.map((e) => assessmentItem(root, e, open));
	add(section, rows.length ? h('ul', { class: 'task-list', id: 'assessment-list' }, rows) : h('p', { class: 'empty' }, t('partner.no_assessments')));
	if (history.some((e) => e.kind === 'assessment' && !e.participating) && app.isAgency()) add(section, h('p', { class: 'hint' }, t('partner.not_participating_hint')));
	const mine = app.isAgency() ? String(app.user.organization.id) : null;
	const joined = open && (open.agencies || []).map((x) => String(typeof x === 'object' ? x.id : x)).includes(mine);
	if (open && app.can('agency_advanced_editor') && !joined) {
		// Shared partners: a second agency joins the open assessment instead of opening another.
		add(section, notice(t('assessment.join_text'), 'info'), h('button', { type: 'button', class: 'button', id: 'join', onclick: () => join(root, open.id) }, t('assessment.join')));
	} else if (!open && app.can('agency_advanced_editor')) {
		add(section, h('button', { type: 'button', class: 'button', id: 'start-assessment', onclick: async () => {
			try {
				const a = await post('/assessments', { partner_id: p.id });
				app.flash = t('partner.assessment_started');
				app.navigate(`/assessments/${encodeURIComponent(a.id)}`);
			} catch (err) {
				if (err instanceof ApiError && err.status === 409) { app.flash = t('partner.already_open'); app.rerender(); } else showProblem(root, err);
			}
		} }, t('partner.start_assessment')));
	}
	return section;
}

export async function render(root, { params }) {
	const [p, history] = await Promise.all([get(`/partners/${encodeURIComponent(params.id)}`),
		get(`/partners/${encodeURIComponent(params.id)}/assessments`)]);
	const s = p.psea || {};
	add(root,
		app.isAgency() ? h('a', { href: '/partners', class: 'back-link' }, t('common.back')) : null,
		h('span', { class: 'caption' }, [fmt.word('partner_type', p.type), countryName(p.country)].filter(Boolean).join(' · ')),
		h('h1', { class: 'heading-l' }, p.name),
		h('div', { class: 'panel' }, h('h2', { class: 'heading-m' }, tr('partner.standing_title')), summaryList(standingRows(s)),
			s.rating ? null : h('p', {}, tr('partner.not_assessed_text')),
			s.eligible === false ? notice(tr('assessment.not_eligible_text'), 'important') : null,
			app.can('agency_advanced_editor', 'admin') ? h('p', {}, h('a', { href: `/partners/${encodeURIComponent(p.id)}/past-assessment`, id: 'record-past' }, t('past.link'))) : null));
	if (p.headquarters) add(root, headquartersPanel(p.headquarters));
	add(root, openAssessmentSection(root, p, history.items || []));
	// the offline form with this partner filled in, and bringing a filled one in
	if (app.isAgency()) add(root, h('section', { class: 'section', id: 'offline-section' },
		h('h2', { class: 'heading-m' }, t('offline.page_title')), h('p', {}, t('offline.page_lead')),
		h('p', {}, h('a', { href: formHref(language(), p.id), id: 'offline-download-partner', download: '' }, t('offline.download_for_partner'))),
		app.can('agency_advanced_editor') ? h('p', {}, h('a', { href: `/offline-imports/new?partner_id=${encodeURIComponent(p.id)}`,
			id: 'offline-import-partner' }, t('offline.import_link'))) : null));
}
