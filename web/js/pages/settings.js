// settings.js: the figures of the assessment that the UN may revise (administrators only). Each
// value is shown with its default and range; only the values changed are sent, so two
// administrators changing different values do not undo each other's work.
import { get, patch } from '../api.js';
import { t } from '../i18n.js';
import { h, add, textInput, select, showErrors, showProblem, clearErrors, notice } from '../dom.js';
import { app } from '../app.js';

const MIB = 1048576;
const GROUPS = [
	['rating', ['rating.full_min', 'rating.medium_min']],
	['standing', ['validity.years', 'expiring.months']],
	['plan', ['csip.due_months', 'csip.reassessment_months']],
	['documents', ['upload.max_bytes']],
	['incidents', ['incident.onward_hours']],
	['alerts', ['alerts.email']],
	['signin', ['auth.two_step_required']],
	['accounts', ['invitation.days', 'password_reset.minutes']],
];

// The upload limit is shown and typed in MiB; every other value as it is.
const shown = (s, v) => (s.unit === 'bytes' ? Math.round((v / MIB) * 100) / 100 : v);
const inputId = (key) => `setting-${key.replace(/\./g, '-')}`;

// A switch (unit "switch": 0 or 1) is a choice of Off and On; every other value a number.
const switchWord = (v) => t(v ? 'settings.on' : 'settings.off');

function settingField(s) {
	if (s.unit === 'switch') {
		const f = select({
			id: inputId(s.key), field: s.key, label: t(`settings.${s.key}`), value: s.value,
			hint: t(`settings.${s.key}_hint`, { default: switchWord(s.default) }),
			options: [[0, switchWord(0)], [1, switchWord(1)]],
		});
		f.querySelector('select').classList.add('input--10'); // as narrow as the number fields
		return f;
	}
	return textInput({
		id: inputId(s.key), field: s.key, label: t(`settings.${s.key}`), value: String(shown(s, s.value)),
		hint: t('settings.hint', { default: shown(s, s.default), min: shown(s, s.min), max: shown(s, s.max) }),
		type: 'number', width: 'input--10', attrs: { min: shown(s, s.min), max: shown(s, s.max), step: s.unit === 'bytes' ? 'any' : 1, inputmode: 'decimal' },
	});
}

// The typed value in the API's unit, or an error for the field.
function readValue(form, s) {
	const text = form.querySelector(`#${inputId(s.key)}`).value.trim();
	if (s.unit === 'switch') return { value: text === '1' ? 1 : 0 };
	const n = Number(text);
	const value = s.unit === 'bytes' ? Math.round(n * MIB) : n;
	if (text === '' || !Number.isFinite(n) || !Number.isInteger(value)) return { error: t('settings.error_number') };
	if (value < s.min || value > s.max) return { error: t('settings.error_range', { min: shown(s, s.min), max: shown(s, s.max) }) };
	return { value };
}

// The server's problems in the reader's language; a range is given in the unit shown.
function serverErrors(errors, byKey) {
	return errors.map((e) => {
		const s = byKey[e.field];
		if (e.code === 'out_of_range' && s) return { field: e.field, message: t('settings.error_range', { min: shown(s, s.min), max: shown(s, s.max) }) };
		if (e.code === 'not_below_full') return { field: e.field, message: t('settings.error_not_below_full') };
		if (e.code === 'not_below_validity') return { field: e.field, message: t('settings.error_not_below_validity') };
		return e;
	});
}

export async function render(root) {
	if (!app.can('admin')) {
		add(root, h('h1', { class: 'heading-l' }, t('settings.title')), notice(t('error.forbidden'), 'important'));
		return;
	}
	const settings = (await get('/settings')).items || [];
	const byKey = Object.fromEntries(settings.map((s) => [s.key, s]));
	const form = h('form', { class: 'form', novalidate: true, id: 'settings-form' },
		GROUPS.map(([group, keys]) => h('fieldset', { class: 'fieldset' },
			h('legend', { class: 'heading-m' }, t(`settings.group_${group}`)),
			keys.filter((k) => byKey[k]).map((k) => settingField(byKey[k])))),
		h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'settings-save' }, t('settings.save'))));
	add(root, h('h1', { class: 'heading-l' }, t('settings.title')),
		h('p', { class: 'lead' }, t('settings.intro')),
		h('p', {}, t('settings.applies')), form);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		clearErrors(root);
		root.querySelector('#settings-unchanged')?.remove();
		const changes = {}, errors = [];
		for (const s of settings) {
			const { value, error } = readValue(form, s);
			if (error) errors.push({ field: s.key, message: error });
			else if (value !== s.value) changes[s.key] = value;
		}
		if (errors.length) { showErrors(root, errors); return; }
		if (!Object.keys(changes).length) {
			const unchanged = notice(t('settings.unchanged'));
			unchanged.id = 'settings-unchanged';
			form.before(unchanged);
			return;
		}
		try {
			await patch('/settings', changes);
			app.flash = t('settings.saved');
			app.navigate(location.pathname, { replace: true });
		} catch (err) {
			if (err.errors && err.errors.length) showErrors(root, serverErrors(err.errors, byKey)); else showProblem(root, err);
		}
	});
}
