// The whole path in a real browser against the real server, one language per test file so the
// files run side by side. The plan part runs when the server has the plan routes; without the
// assessment routes the test skips.
import { test, before, after } from 'node:test';
import { Server, launch, PASSWORD } from './lib.mjs';
import { psea } from '../api/lib.mjs';
import { journey } from './journey.mjs';

let server, browser, ready, plan;
before(async () => {
	server = await Server.start();
	const probe = async (method, path) => (await fetch(server.url + path, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' })).status;
	// 401 means the route exists and wants a session; 404 means this server does not have it.
	ready = (await probe('POST', '/api/v1/partners')) !== 404 && (await probe('POST', '/api/v1/assessments')) !== 404;
	plan = (await probe('POST', '/api/v1/assessments/1/csip/approve')) !== 404;
	if (ready) browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

let accounts = 0;
function context(lang) {
	const agency = server.addUser('agency_advanced_editor', 'UNICEF', { name: lang === 'fr' ? 'Amélie Durand' : 'Amina Diallo', email: `advanced.${lang}@unicef.org` });
	return {
		browser, server, lang, tag: lang, agency, plan,
		partnerAccount(partnerId) {
			const email = `editor.${lang}.${++accounts}@partner.test`;
			psea(['user', 'add', '--db', server.db, '--email', email, '--name', lang === 'fr' ? 'Paul Ndiaye' : 'Pia Mwangi', '--role', 'partner_editor',
				'--org', `partner:${partnerId}`, '--password-stdin', '--language', lang], { input: PASSWORD + '\n' });
			return { email };
		},
	};
}

export function journeyTest(lang, title) {
	test(title, async (t) => {
		if (!ready) { t.skip('the assessment API is not on this server yet'); return; }
		if (!plan) t.diagnostic('the plan routes are not on this server yet: the path stops at the medium rating');
		await journey(context(lang));
	});
}
