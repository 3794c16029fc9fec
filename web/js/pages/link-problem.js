// link-problem.js: what a person sees when an e-mailed link opens nothing (unknown, used,
// expired, withdrawn), and what to do next. Shared by the reset and invitation pages.
import { t, has } from '../i18n.js';
import { h, add } from '../dom.js';

// kind: 'reset' or 'invitation', for the texts that differ; next: [href, text] links to offer.
export function showLinkProblem(root, err, kind, next) {
	const code = err && err.code && has(`link.${err.code}`) ? err.code : null;
	if (!code) throw err;
	const text = has(`link.${code}_text_${kind}`) ? `link.${code}_text_${kind}` : `link.${code}_text`;
	add(root, h('div', { class: 'narrow', id: 'link-problem', 'data-code': code },
		h('h1', { class: 'heading-l' }, t(`link.${code}`)),
		h('p', { class: 'lead' }, t(text)),
		next.map(([href, words, id]) => h('p', {}, h('a', { href, id }, words)))));
}
