// partner.js: one partner: its standing, its assessments, and for an INGO country office the
// headquarters' assessment shown beside it as "considered".
import { get, post, getOptional, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { h, add, summaryList, showProblem, notice } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { ratingTag, eligibleTag, statusTag } from '../psea.js';

function standingRows(s) {
	return [
		[t('partner.rating'), h('span', {}, ratingTag(s.rating), ' ', s.rating ? eligibleTag(s.eligible) : null)],
		s.rating_date ? [t('partner.rating_date'), fmt.date(s.rating_date)] : null,
		s.valid_until ? [t('partner.valid_until_short'), `${fmt.date(s.valid_until)} (${fmt.clock(s.valid_until, 'expires')})`] : null,
		s.assessed_by ? [t('partner.assessed_by'), typeof s.assessed_by === 'object' ? (s.assessed_by.name || s.assessed_by.code) : s.assessed_by] : null,
		s.csip && s.csip.status ? [t('partner.plan'), h('span', {}, statusTag('plan_status', s.csip.status), s.csip.due && ['draft', 'submitted'].includes(s.csip.status) ? ` ${fmt.clock(s.csip.due)}` : '')] : null,
	];
}

function assessmentsOf(p) {
	return p.assessments || (p.psea && p.psea.assessments) || p.history || [];
}

export async function render(root, { params }) {
	const p = await get(`/partners/${encodeURIComponent(params.id)}`);
	const s = p.psea || {};
	add(root, 
		app.isAgency() ? h('a', { href: '/partners', class: 'back-link' }, t('common.back')) : null,
		h('span', { class: 'caption' }, [fmt.word('partner_type', p.type), p.country].filter(Boolean).join(' · ')),
		h('h1', { class: 'heading-l' }, p.name),
		h('div', { class: 'panel' }, h('h2', { class: 'heading-m' }, t('partner.standing_title')), summaryList(standingRows(s)),
			s.rating ? null : h('p', {}, t('partner.not_assessed_text'))));
	if (p.parent_id || p.parent) {
		const parentId = p.parent_id || p.parent.id;
		const hq = await getOptional(`/partners/${encodeURIComponent(parentId)}`).catch(() => null);
		if (hq) {
			add(root, h('div', { class: 'panel', id: 'hq-panel' },
				h('h2', { class: 'heading-m' }, t('partner.hq_title')),
				h('p', {}, t('partner.hq_text', { name: hq.name })),
				summaryList(standingRows(hq.psea || {})),
				h('p', {}, h('a', { href: `/partners/${encodeURIComponent(hq.id)}` }, t('partner.hq_open')))));
		}
	}
	const list = assessmentsOf(p);
	const section = h('section', { class: 'section', 'aria-labelledby': 'assessments-title' },
		h('h2', { class: 'heading-m', id: 'assessments-title' }, t('partner.assessments')));
	if (list.length) {
		add(section, h('ul', { class: 'task-list' }, list.map((x) => h('li', { class: 'task-list__item' },
			h('span', {}, h('a', { href: `/assessments/${encodeURIComponent(x.id || x.assessment_id)}` }, t('partner.assessment_of', { date: fmt.date(x.rated_at || (x.rating && x.rating.rated_at) || x.created_at || x.date) })),
				x.lead_agency ? h('span', { class: 'hint' }, ` – ${x.lead_agency.code || x.lead_agency.name}`) : null),
			h('span', {}, x.status ? statusTag('status', x.status) : null, ' ', x.rating ? ratingTag(typeof x.rating === 'object' ? x.rating.value : x.rating) : null)))));
	} else add(section, h('p', { class: 'empty' }, t('partner.no_assessments')));
	if (app.can('agency_advanced_editor')) {
		add(section, h('button', { type: 'button', class: 'button', id: 'start-assessment', onclick: async () => {
			try {
				const a = await post('/assessments', { partner_id: p.id });
				app.flash = t('partner.assessment_started');
				app.navigate(`/assessments/${encodeURIComponent(a.id)}`);
			} catch (err) {
				// A partner has one open assessment: a second agency joins it instead.
				const openId = err instanceof ApiError && (err.problem.assessment_id || (err.problem.assessment && err.problem.assessment.id));
				if (err instanceof ApiError && err.status === 409 && openId) {
					add(section, notice(t('partner.already_open'), 'info'), h('a', { href: `/assessments/${encodeURIComponent(openId)}`, class: 'button button--secondary', id: 'open-existing' }, t('partner.open_existing')));
				} else showProblem(root, err);
			}
		} }, t('partner.start_assessment')));
	}
	add(root, section);
}
