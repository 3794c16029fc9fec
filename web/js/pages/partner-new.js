// partner-new.js: adding a partner organisation (agency advanced editors and admins).
import { post } from '../api.js';
import { t } from '../i18n.js';
import { h, add, select, textInput, showErrors, showProblem, clearErrors } from '../dom.js';
import * as fmt from '../format.js';
import { app } from '../app.js';
import { PARTNER_TYPES } from './observation.js';
import { countryOptions } from '../countries.js';

export async function render(root) {
	const form = h('form', { class: 'form', novalidate: true, id: 'partner-form' },
		textInput({ id: 'partner-name', label: t('partner.name'), field: 'name', width: 'input--30' }),
		select({ id: 'partner-type', label: t('partner.type'), hint: t('partner.type_hint'), field: 'type', options: [['', t('common.choose')], ...PARTNER_TYPES.map((x) => [x, fmt.word('partner_type', x)])] }),
		select({ id: 'partner-country', label: t('partner.country'), hint: t('partner.country_hint'), field: 'country', options: [['', t('common.choose')], ...countryOptions()] }),
		textInput({ id: 'partner-parent', label: t('partner.parent'), hint: t('partner.parent_hint'), field: 'parent_id', width: 'input--10' }),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'partner-save' }, t('partner.create')), h('a', { href: '/partners' }, t('common.cancel'))));
	add(root, h('a', { href: '/partners', class: 'back-link' }, t('common.back')), h('h1', { class: 'heading-l' }, t('home.add_partner')), form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		const body = { name: form.querySelector('#partner-name').value.trim(), type: form.querySelector('#partner-type').value, country: form.querySelector('#partner-country').value.trim() };
		const parent = form.querySelector('#partner-parent').value.trim();
		if (parent) body.parent_id = parent;
		const errors = [];
		if (!body.name) errors.push({ field: 'name', code: 'partner_name_missing' });
		if (!body.type) errors.push({ field: 'type', code: 'partner_type_missing' });
		if (!body.country) errors.push({ field: 'country', code: 'partner_country_missing' });
		if (errors.length) { showErrors(root, errors); return; }
		try {
			const p = await post('/partners', body);
			app.flash = t('partner.created');
			app.navigate(`/partners/${encodeURIComponent(p.id)}`);
		} catch (err) {
			if (err.code === 'partner_type_not_eligible') showErrors(root, [{ field: 'type', code: err.code }]);
			else showProblem(root, err);
		}
	});
}
