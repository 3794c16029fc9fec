// pager.js: reading a list a page at a time, and the pager under it, the same on every list.
// The server pages forward only (next_cursor), so the address keeps, beside the page's own
// cursor, the cursors of the pages before it (`back`): "Previous page" returns to the page just
// before, also after a reload or from a shared link. A page with nothing on it has no "Next page".
import { get } from './api.js';
import { t } from './i18n.js';
import { h } from './dom.js';

// Cursors are numbers or URL-safe base64: none holds this character.
const SEPARATOR = '.';

// A page of the list at path. A filtered list may answer an empty page with a cursor to go on
// from (the server stops looking after a few thousand records): the next one is asked for at
// once, so that an empty page is the end of the list.
export async function listPage(path, params) {
	const ask = new URLSearchParams(params);
	let data = await get(`${path}?${ask}`);
	while (!(data.items || []).length && data.next_cursor) {
		ask.set('cursor', data.next_cursor);
		data = await get(`${path}?${ask}`);
	}
	return data;
}

// The cursors of the pages before this one, oldest first; the first page has none.
function pagesBefore(query) {
	return query.back ? query.back.split(SEPARATOR).filter(Boolean) : [];
}

// The address of the page at cursor (null: the first page), the rest of the address kept.
function pageAddress(path, query, cursor, before) {
	const next = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) if (v && k !== 'cursor' && k !== 'back') next.set(k, v);
	if (cursor) next.set('cursor', cursor);
	if (cursor && before.length) next.set('back', before.join(SEPARATOR));
	return next.toString() ? `${path}?${next}` : path;
}

// The links under a list shown at path with the address's query: the first page (from the third
// on), the previous page, and the next page when there is one and this page is not empty.
export function pager(path, query, data) {
	const before = pagesBefore(query);
	const here = query.cursor || null;
	const items = (data && data.items) || [];
	const nextCursor = data && items.length ? data.next_cursor : null;
	return h('nav', { class: 'pager', 'aria-label': t('observation.pages') },
		h('span', { class: 'pager__back' },
			here && before.length ? h('a', { href: pageAddress(path, query, null, []), id: 'first-page' }, t('users.first_page')) : null,
			here ? h('a', { href: pageAddress(path, query, before.at(-1) || null, before.slice(0, -1)), id: 'prev-page' }, t('observation.previous')) : null),
		nextCursor ? h('a', { href: pageAddress(path, query, nextCursor, here ? [...before, here] : []), id: 'next-page' }, t('observation.next')) : h('span'));
}
