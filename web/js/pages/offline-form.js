// offline-form.js: the offline form to download (agency and partner users), in the language
// chosen here, and for agency advanced editors the way to bring a filled one back in.
import { t, language, LANGUAGES } from '../i18n.js';
import { h, add, select } from '../dom.js';
import { app } from '../app.js';

export function formHref(lang, partnerId) {
	const q = new URLSearchParams({ lang });
	if (partnerId) q.set('partner_id', partnerId);
	return `/api/v1/offline-forms/assessment.xlsx?${q}`;
}

export async function render(root) {
	const choice = select({ id: 'offline-language', label: t('offline.language'), field: 'lang', value: language(),
		options: LANGUAGES.map((l) => [l, t(`language.${l}`)]) });
	const link = h('a', { href: formHref(language()), class: 'button', id: 'offline-download', download: '' }, t('offline.download'));
	choice.addEventListener('change', (e) => { link.href = formHref(e.target.value); });
	add(root,
		h('h1', { class: 'heading-l' }, t('offline.page_title')),
		h('p', {}, t('offline.page_lead')),
		h('ul', { class: 'list' }, ['offline.about_1', 'offline.about_2', 'offline.about_3'].map((k) => h('li', {}, t(k)))),
		h('div', { class: 'form' }, choice, h('div', { class: 'button-group' }, link)),
		app.can('agency_advanced_editor')
			? h('p', {}, h('a', { href: '/offline-imports/new', id: 'offline-import-link' }, t('offline.import_link'))) : null);
}
