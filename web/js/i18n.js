// i18n.js: every visible string comes from web/i18n/<lang>.json. Keys are flat ("signin.title");
// {name} placeholders are filled from vars; a key with "_one"/"_other" forms is chosen by
// Intl.PluralRules on vars.n. A missing key falls back to English, then to the key itself.
export const LANGUAGES = ['en', 'fr', 'es'];
const catalogues = {};
let current = 'en';

async function load(lang) {
	if (!catalogues[lang]) {
		const res = await fetch(`/i18n/${lang}.json`, { credentials: 'same-origin' });
		catalogues[lang] = res.ok ? await res.json() : {};
	}
	return catalogues[lang];
}

export async function setLanguage(lang) {
	if (!LANGUAGES.includes(lang)) lang = 'en';
	await load(lang);
	if (lang !== 'en') load('en').catch(() => {}); // fallback, fetched lazily
	current = lang;
	document.documentElement.lang = lang;
}

export function language() { return current; }

function lookup(key) {
	const cat = catalogues[current] || {};
	if (key in cat) return cat[key];
	const en = catalogues.en || {};
	return key in en ? en[key] : undefined;
}

export function has(key) { return lookup(key) !== undefined; }

export function t(key, vars = {}) {
	let text;
	if (typeof vars.n === 'number') {
		const form = new Intl.PluralRules(current).select(vars.n);
		text = lookup(`${key}_${form}`) ?? lookup(`${key}_other`);
	}
	text = text ?? lookup(key) ?? key;
	return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}
