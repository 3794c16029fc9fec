// dom.js: building the page element by element, never from HTML strings (so nothing the server
// sends can become markup); form fields with their labels, hints and errors; the error summary.
import { t, has } from './i18n.js';

export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	for (const [name, value] of Object.entries(attrs || {})) {
		if (value === null || value === undefined || value === false) continue;
		if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
		else if (name === 'class') el.className = value;
		else if (name === 'dataset') Object.assign(el.dataset, value);
		else if (name === 'value' && 'value' in el) el.value = value;
		else if (value === true) el.setAttribute(name, '');
		else el.setAttribute(name, String(value));
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const child of children) {
		if (child === null || child === undefined || child === false) continue;
		if (Array.isArray(child)) append(el, child);
		else el.append(child instanceof Node ? child : String(child));
	}
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

let uid = 0;
export function nextId(prefix) { uid += 1; return `${prefix}-${uid}`; }

// A status or rating shown as words in a tag; the colour only repeats what the words say.
export function tag(text, tone = 'neutral') { return h('strong', { class: `tag tag--${tone}` }, text); }

export function link(href, text, attrs = {}) { return h('a', { href, ...attrs }, text); }

export function button(text, attrs = {}) {
	return h('button', { type: attrs.type || 'button', class: attrs.class || 'button', ...attrs }, text);
}

export function backLink(href) { return h('a', { href, class: 'back-link' }, t('common.back')); }

// A field wrapper: label, optional hint, the error slot, the control. `field` is the name the
// API uses for it in problem errors[].field, so an error lands beside the right control.
export function field({ id, label, hint, control, field: apiField, legend = false, cls = '' }) {
	const hintId = hint ? `${id}-hint` : null;
	const errorId = `${id}-error`;
	const describedby = [hintId, errorId].filter(Boolean).join(' ');
	if (!legend) control.setAttribute('aria-describedby', describedby);
	const wrap = h(legend ? 'fieldset' : 'div', {
		class: `field ${cls}`.trim(), dataset: { field: apiField || id, errorFor: id },
		'aria-describedby': legend ? describedby : null,
	},
	legend ? h('legend', { class: 'label' }, label) : h('label', { class: 'label', for: id }, label),
	hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
	h('p', { class: 'error-message', id: errorId, hidden: true }),
	control);
	return wrap;
}

export function textInput({ id, label, hint, value = '', type = 'text', field: f, autocomplete, width = '', required = false, attrs = {} }) {
	const input = h('input', { id, name: id, type, class: `input ${width}`.trim(), value: value ?? '', autocomplete, required, ...attrs });
	return field({ id, label, hint, control: input, field: f });
}

export function textArea({ id, label, hint, value = '', field: f, rows = 4 }) {
	const area = h('textarea', { id, name: id, class: 'textarea', rows });
	area.value = value ?? '';
	return field({ id, label, hint, control: area, field: f });
}

export function select({ id, label, hint, options, value, field: f }) {
	const sel = h('select', { id, name: id, class: 'select' },
		options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
	return field({ id, label, hint, control: sel, field: f });
}

// Radios in a fieldset; the first radio carries the id the error summary links to.
export function radios({ id, label, hint, options, value, field: f, inline = false }) {
	const group = h('div', { class: inline ? 'radios radios--inline' : 'radios' },
		options.map(([v, text, itemHint], i) => {
			const rid = i === 0 ? id : `${id}-${v}`;
			return h('div', { class: 'radio' },
				h('input', { type: 'radio', id: rid, name: id, value: v, checked: String(value) === String(v) }),
				h('label', { for: rid }, text),
				itemHint ? h('p', { class: 'hint radio-hint' }, itemHint) : null);
		}));
	return field({ id, label, hint, control: group, field: f, legend: true });
}

export function radioValue(form, name) {
	const checked = form.querySelector(`input[name="${name}"]:checked`);
	return checked ? checked.value : null;
}

// Clears the error summary and every field error inside root.
export function clearErrors(root) {
	root.querySelectorAll('.error-summary').forEach((el) => el.remove());
	root.querySelectorAll('.field--error').forEach((el) => el.classList.remove('field--error'));
	root.querySelectorAll('.error-message').forEach((el) => { el.hidden = true; el.textContent = ''; });
}

// Turns an API error into words in the person's language: by field and code when the catalogue
// has a sentence for that pair, else by code, else the server's own sentence.
export function errorText(code, fallback, field) {
	if (code && field && has(`error.${field}.${code}`)) return t(`error.${field}.${code}`);
	if (code && has(`error.${code}`)) return t(`error.${code}`);
	return fallback || t('error.generic');
}

// The summary names the field: a sentence written for this field says so itself; a general one
// ("This is required.") gets the field's label in front of it.
function summaryText(wrap, e, text) {
	if (e.code && e.field && has(`error.${e.field}.${e.code}`)) return text;
	const label = wrap.querySelector(':scope > .label');
	const name = label ? label.textContent.trim() : '';
	return name ? t('error.in_field', { field: name, message: text }) : text;
}

// Shows an error summary at the top of root linking to each field in error, and each message
// beside its field. `errors` are [{field, code, message}] as the API sends them. A field named
// twice (several cells of one grid, two rules broken at once) is listed once, with its first
// message: the summary is a list of places to go, each once.
// An error may carry an optional
// `summary`: the summary's wording when the message beside the field does not say which it is.
export function showErrors(root, errors, title) {
	clearErrors(root);
	const items = [];
	const listed = new Set();
	const wrapOf = (e) => (e.field ? root.querySelector(`[data-field="${CSS.escape(e.field)}"]`) : null);
	// in the order of the form, whatever order the server found them in
	const inOrder = errors.map((e) => [e, wrapOf(e)]).sort(([, a], [, b]) => (a && b && a !== b
		? (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1) : 0));
	for (const [e, wrap] of inOrder) {
		const text = errorText(e.code, e.message, e.field);
		const place = wrap ? `field:${wrap.dataset.errorFor}` : `text:${text}`;
		if (listed.has(place)) continue;
		listed.add(place);
		if (wrap) {
			wrap.classList.add('field--error');
			const msg = wrap.querySelector('.error-message');
			msg.hidden = false;
			msg.textContent = '';
			msg.append(h('span', { class: 'visually-hidden' }, t('error.prefix') + ' '), text);
			const target = wrap.dataset.errorFor;
			items.push(h('li', {}, h('a', { href: `#${target}`, onclick: (ev) => {
				ev.preventDefault();
				const el = document.getElementById(target);
				if (el) { el.focus(); el.scrollIntoView({ block: 'center' }); }
			} }, e.summary || summaryText(wrap, e, text))));
		} else {
			items.push(h('li', {}, text));
		}
	}
	const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
		h('h2', { class: 'error-summary__title' }, title || t('error.summary')),
		h('ul', { class: 'error-summary__list' }, items));
	root.prepend(summary);
	summary.focus();
	return summary;
}

// An ApiError shown in root: fields from errors[], or the problem as a whole.
export function showProblem(root, err) {
	if (err.errors && err.errors.length) return showErrors(root, err.errors);
	return showErrors(root, [{ code: err.code, message: err.message }]);
}

// What the person has typed, by control id, so a re-render (language switch, reload after a
// conflict) can put it back.
export function snapshot(root) {
	const values = {};
	root.querySelectorAll('input, textarea, select').forEach((el) => {
		if (!el.id || el.type === 'file' || el.type === 'password' || el.type === 'hidden') return;
		values[el.id] = (el.type === 'radio' || el.type === 'checkbox') ? el.checked : el.value;
	});
	return values;
}

// Each control put back announces it with a change event, so a page that shows or hides parts
// by a choice (a kind of organisation, a kind of rating) follows the restored choice; a list
// whose options depend on such a choice gets its value once those options are there.
export function restore(root, values) {
	if (!values) return;
	const restored = [];
	const put = (el, value) => { if (el.type === 'radio' || el.type === 'checkbox') el.checked = value; else el.value = value; };
	for (const [id, value] of Object.entries(values)) {
		const el = root.querySelector(`#${CSS.escape(id)}`);
		if (!el) continue;
		put(el, value);
		restored.push([el, value]);
	}
	for (const [el] of restored) el.dispatchEvent(new Event('change', { bubbles: true }));
	for (const [el, value] of restored) if (el.tagName === 'SELECT' && el.value !== value) put(el, value);
}

export function notice(text, tone = 'info') {
	return h('div', { class: `notice notice--${tone}`, role: tone === 'success' ? 'status' : null }, text);
}

export function summaryList(rows) {
	return h('dl', { class: 'summary-list' }, rows.filter(Boolean).map(([key, value, action]) =>
		h('div', { class: 'summary-list__row' },
			h('dt', { class: 'summary-list__key' }, key),
			h('dd', { class: 'summary-list__value' }, value),
			action ? h('dd', { class: 'summary-list__actions' }, action) : null)));
}

// Appends children to el, skipping null/false (Element.append would print them as text).
export function add(el, ...children) { append(el, children); return el; }
