// notfound.js: an address that leads nowhere (or to a page the person may not open).
import { t } from '../i18n.js';
import { h, add } from '../dom.js';

export async function render(root) {
	add(root, h('h1', { class: 'heading-l' }, t('notfound.title')),
		h('p', {}, t('notfound.text')),
		h('p', {}, h('a', { href: '/' }, t('notfound.home'))));
}
