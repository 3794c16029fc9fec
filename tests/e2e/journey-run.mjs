// The whole path in a real browser against the real server, one language per test file so the
// files run side by side.
import { test, before, after } from 'node:test';
import { Server, launch, PASSWORD } from './lib.mjs';
import { psea } from '../api/lib.mjs';
import { journey } from './journey.mjs';

let server, browser;
before(async () => {
	server = await Server.start();
	browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); });

let accounts = 0;
function context(lang) {
	const agency = server.addUser('agency_advanced_editor', 'UNICEF', { name: lang === 'fr' ? 'Amélie Durand' : 'Amina Diallo', email: `advanced.${lang}@unicef.org` });
	return {
		browser, server, lang, tag: lang, agency,
		partnerAccount(partnerId) {
			const email = `editor.${lang}.${++accounts}@partner.test`;
			psea(['user', 'add', '--db', server.db, '--email', email, '--name', lang === 'fr' ? 'Paul Ndiaye' : 'Pia Mwangi', '--role', 'partner_editor',
				'--org', `partner:${partnerId}`, '--password-stdin', '--language', lang], { input: PASSWORD + '\n' });
			return { email };
		},
	};
}

export function journeyTest(lang, title) {
	test(title, async () => {
		await journey(context(lang));
	});
}
