// sw.js: the service worker. Served from the root so its scope is the whole interface. It keeps
// the application shell so the interface opens without a connection, and answers an API read
// from a copy only when the network fails and the page deliberately kept that copy (the open
// assessment a person is answering: see js/offline.js). Writes are never intercepted.
const SHELL_CACHE = 'psea-shell-v1';
const KEPT_CACHE = 'psea-kept'; // API answers kept for the open assessment; emptied on sign-out

// What the assessment pages need to open offline; other files are kept once fetched.
const SHELL = [
	'/index.html', '/css/app.css', '/favicon.svg', '/manifest.webmanifest',
	'/js/api.js', '/js/app.js', '/js/dom.js', '/js/format.js', '/js/i18n.js', '/js/psea.js', '/js/offline.js',
	'/js/pages/home.js', '/js/pages/assessment.js', '/js/pages/intro.js', '/js/pages/standard.js',
	'/js/pages/check.js', '/js/pages/signin.js', '/js/pages/notfound.js',
	'/i18n/en.json', '/i18n/fr.json', '/i18n/es.json',
];

self.addEventListener('install', (event) => {
	event.waitUntil(caches.open(SHELL_CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
	event.waitUntil((async () => {
		for (const name of await caches.keys())
			if (name.startsWith('psea-shell-') && name !== SHELL_CACHE) await caches.delete(name);
		await self.clients.claim();
	})());
});

const noStore = (res) => /no-store/i.test(res.headers.get('Cache-Control') || '');

// The shell: the network first (files revalidate by ETag), the kept copy when it fails.
async function shell(request) {
	const cache = await caches.open(SHELL_CACHE);
	try {
		const res = await fetch(request);
		if (res.ok && res.type === 'basic' && !noStore(res)) await cache.put(request, res.clone());
		return res;
	} catch (err) {
		const kept = await cache.match(request.mode === 'navigate' ? '/index.html' : request, { ignoreVary: true });
		if (kept) return kept;
		throw err;
	}
}

// An API read: always the network. A kept copy is refreshed by each fresh answer and served only
// when the network fails; a 401 (signed out, session over) drops every kept copy.
async function api(request) {
	// opened only when it exists: after sign-out nothing recreates it
	const cache = await caches.has(KEPT_CACHE) ? await caches.open(KEPT_CACHE) : null;
	try {
		const res = await fetch(request);
		if (res.status === 401) await caches.delete(KEPT_CACHE);
		else if (cache && res.ok && await cache.match(request, { ignoreVary: true })) await cache.put(request, res.clone());
		return res;
	} catch (err) {
		const kept = cache && await cache.match(request, { ignoreVary: true });
		if (kept) return kept;
		throw err;
	}
}

self.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (request.method !== 'GET' || url.origin !== self.location.origin) return;
	if (url.pathname.startsWith('/api/')) {
		// documents and exports are files, not part of the open assessment's answers
		if (url.pathname.startsWith('/api/v1/documents/') || request.headers.has('Range')) return;
		// a read that asks for the server's own answer goes to the network as the page sees it
		if (request.cache === 'no-store') return;
		event.respondWith(api(request));
	} else {
		event.respondWith(shell(request));
	}
});
