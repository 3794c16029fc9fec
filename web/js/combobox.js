// combobox.js: a partner picked by name. The person types part of the name; the partners whose
// name matches (GET /partners?q=) open in a list below, to choose with the mouse or the keyboard
// (arrows, Enter, Escape), following the ARIA combobox pattern: the input keeps the focus and
// points at the option in view with aria-activedescendant. The chosen partner's id is what the
// form sends; a name typed and not chosen is an error, never a guess.
import { get } from './api.js';
import { t } from './i18n.js';
import { h, field, clear } from './dom.js';
import { countryName } from './countries.js';

const MATCHES = 10;  // options shown at once: enough to choose from, short enough to read
const PAUSE_MS = 200; // typing pauses this long before the list is asked for

// value: {id, name} of the partner already chosen, or null.
export function partnerPicker({ id, label, hint, field: apiField, value = null }) {
	const listId = `${id}-options`;
	const input = h('input', {
		id, name: id, type: 'text', class: 'input input--30', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
		'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, value: value ? value.name : '',
	});
	input.dataset.partnerId = value ? value.id : '';
	const list = h('ul', { id: listId, role: 'listbox', class: 'combobox__list', hidden: true, 'aria-label': label });
	const status = h('p', { class: 'visually-hidden', role: 'status', id: `${id}-status` });
	const wrap = field({ id, label, hint, control: h('div', { class: 'combobox' }, input, list, status), field: apiField });
	// field() describes the control it is given; here that is the input inside the box
	wrap.querySelector('.combobox').removeAttribute('aria-describedby');
	input.setAttribute('aria-describedby', [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '));

	let options = [];
	let active = -1;
	let asked = 0;
	let timer = null;

	const open = (yes) => { list.hidden = !yes; input.setAttribute('aria-expanded', String(yes)); if (!yes) highlight(-1); };
	function highlight(i) {
		active = i;
		[...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
		if (i >= 0 && list.children[i]) {
			input.setAttribute('aria-activedescendant', list.children[i].id);
			list.children[i].scrollIntoView({ block: 'nearest' });
		} else input.removeAttribute('aria-activedescendant');
	}
	function choose(p) {
		input.value = p.name;
		input.dataset.partnerId = p.id;
		open(false);
		status.textContent = t('combobox.chosen', { name: p.name });
	}
	function show(found) {
		options = found;
		clear(list);
		found.forEach((p, i) => list.append(h('li', {
			id: `${id}-option-${i}`, role: 'option', class: 'combobox__option', 'aria-selected': 'false',
			onmousedown: (e) => e.preventDefault(), // the input keeps the focus
			onclick: () => choose(p),
		}, p.name, p.country ? h('span', { class: 'combobox__detail' }, ` · ${countryName(p.country)}`) : null)));
		open(found.length > 0);
		status.textContent = found.length ? t('combobox.found', { n: found.length }) : t('combobox.none');
	}
	async function search() {
		const q = input.value.trim();
		const mine = ++asked;
		if (!q) { show([]); status.textContent = ''; return; }
		try {
			const data = await get(`/partners?${new URLSearchParams({ q, limit: String(MATCHES) })}`);
			if (mine === asked) show(data.items || []);
		} catch {
			if (mine === asked) { show([]); status.textContent = t('combobox.failed'); }
		}
	}

	input.addEventListener('input', () => {
		input.dataset.partnerId = ''; // a changed name is no longer the partner chosen
		clearTimeout(timer);
		timer = setTimeout(search, PAUSE_MS);
	});
	input.addEventListener('keydown', (e) => {
		const shown = !list.hidden && options.length > 0;
		if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
			e.preventDefault();
			if (!shown) { if (options.length) open(true); else search(); return; }
			const step = e.key === 'ArrowDown' ? 1 : -1;
			highlight((active + step + options.length) % options.length);
		} else if (e.key === 'Enter' && shown && active >= 0) {
			e.preventDefault(); // choosing is not sending the form
			choose(options[active]);
		} else if (e.key === 'Escape') {
			if (shown) { e.preventDefault(); open(false); } else if (input.value) { input.value = ''; input.dataset.partnerId = ''; }
		}
	});
	input.addEventListener('blur', () => open(false));
	return wrap;
}

// What the picker holds: {id} when a partner was chosen, {id: null} when it is empty, and
// {typed} when a name was typed but not chosen from the list.
export function pickedPartner(root, id) {
	const input = root.querySelector(`#${id}`);
	const typed = input.value.trim();
	if (!typed) return { id: null };
	return input.dataset.partnerId ? { id: input.dataset.partnerId } : { typed };
}
