// partner.js: one partner: its standing, its open assessment (which another agency may join),
// and for an INGO country office the headquarters' standing shown beside it as "considered".
import { get, post, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, summaryList, showProblem, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { ratingTag, eligibleTag, statusTag } from '../psea.js';

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
		h('p', {}, t('partner.hq_text', { name: hq.name })),
		summaryList(standingRows(hq.psea || {})),
		h('p', {}, h('a', { href: `/partners/${encodeURIComponent(hq.id || hq.partner_id)}` }, t('partner.hq_open'))));
}

function openAssessmentSection(root, p) {
	const open = p.open_assessment;
	const section = h('section', { class: 'section', 'aria-labelledby': 'assessments-title' },
		h('h2', { class: 'heading-m', id: 'assessments-title' }, t('partner.assessments')));
	const latest = p.psea && (p.psea.assessment_id || (p.psea.csip && p.psea.csip.assessment_id));
	const rows = [];
	if (open) rows.push(h('li', { class: 'task-list__item' },
		h('a', { href: `/assessments/${encodeURIComponent(open.id)}`, id: 'open-assessment' }, t('partner.current_assessment')), statusTag('status', open.status)));
	if (latest && (!open || String(open.id) !== String(latest))) rows.push(h('li', { class: 'task-list__item' },
		h('a', { href: `/assessments/${encodeURIComponent(latest)}` }, t('partner.rated_assessment')), ratingTag(p.psea.rating)));
	add(section, rows.length ? h('ul', { class: 'task-list' }, rows) : h('p', { class: 'empty' }, t('partner.no_open_assessment')));
	const mine = app.isAgency() ? String(app.user.organization.id) : null;
	const joined = open && (open.agencies || []).map((x) => String(typeof x === 'object' ? x.id : x)).includes(mine);
	if (open && app.can('agency_advanced_editor') && !joined) {
		// Shared partners: a second agency joins the open assessment instead of opening another.
		add(section, notice(t('assessment.join_text'), 'info'), h('button', { type: 'button', class: 'button', id: 'join', onclick: async () => {
			try {
				await post(`/assessments/${encodeURIComponent(open.id)}/agencies`, { agency_id: app.user.organization.id });
				app.flash = t('assessment.joined');
				app.navigate(`/assessments/${encodeURIComponent(open.id)}`);
			} catch (err) { showProblem(root, err); }
		} }, t('assessment.join')));
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
	const p = await get(`/partners/${encodeURIComponent(params.id)}`);
	const s = p.psea || {};
	add(root,
		app.isAgency() ? h('a', { href: '/partners', class: 'back-link' }, t('common.back')) : null,
		h('span', { class: 'caption' }, [fmt.word('partner_type', p.type), p.country].filter(Boolean).join(' · ')),
		h('h1', { class: 'heading-l' }, p.name),
		h('div', { class: 'panel' }, h('h2', { class: 'heading-m' }, t('partner.standing_title')), summaryList(standingRows(s)),
			s.rating ? null : h('p', {}, t('partner.not_assessed_text')),
			s.eligible === false ? notice(t('assessment.not_eligible_text'), 'important') : null,
			app.can('agency_advanced_editor', 'admin') ? h('p', {}, h('a', { href: `/partners/${encodeURIComponent(p.id)}/past-assessment`, id: 'record-past' }, t('past.link'))) : null));
	if (p.headquarters) add(root, headquartersPanel(p.headquarters));
	add(root, openAssessmentSection(root, p));
}
