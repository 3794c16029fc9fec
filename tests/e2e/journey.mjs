// journey.mjs: the whole path through the interface, as the people involved take it: an agency
// adds a partner and opens an assessment; the partner answers Section 1 and Section 2 with
// documents and submits; the agency verifies and gives a medium rating; a plan is made,
// submitted, approved, reported completed and confirmed; the rating becomes full. Run in any of
// the three languages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../api/lib.mjs';
import { newPage, signInWithForm as signIn, shot, axeViolations, foreignRequests, go } from './lib.mjs';

export function catalogue(lang) {
	const cat = JSON.parse(readFileSync(join(ROOT, 'web/i18n', `${lang}.json`), 'utf8'));
	return (key, vars = {}) => {
		const text = typeof vars.n === 'number' ? (cat[`${key}_${new Intl.PluralRules(lang).select(vars.n)}`] ?? cat[`${key}_other`] ?? cat[key]) : cat[key];
		assert.ok(text !== undefined, `catalogue ${lang} lacks ${key}`);
		return text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
	};
}

// A tiny but real PDF: the server recognises files by their content.
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function accessible(page, name) {
	const v = await axeViolations(page);
	assert.deepEqual(v, [], `${name}: ${v.join('; ')}`);
}

async function flash(page, text) {
	await page.waitForSelector(`.notice--success:has-text(${JSON.stringify(text)})`);
}

const idFrom = (page, re) => re.exec(new URL(page.url()).pathname)[1];

// ctx: {browser, server, lang, agency: {email}, partnerAccount(partnerId) → {email}, tag}
export async function journey(ctx) {
	const { browser, server, lang, tag } = ctx;
	const t = catalogue(lang);
	const name = `${tag} Hope Foundation`;
	const agency = await newPage(browser, server);
	await signIn(agency, ctx.agency.email);
	if (lang !== 'en') {
		await agency.selectOption('#language', lang);
		await agency.waitForSelector(`#sign-out:has-text(${JSON.stringify(t('nav.signout'))})`);
	}

	// The agency adds the partner and opens its assessment.
	await go(agency, '/partners/new');
	await agency.fill('#partner-name', name);
	await agency.selectOption('#partner-type', 'national_ngo');
	await agency.selectOption('#partner-country', 'KE');
	await agency.click('#partner-save');
	await flash(agency, t('partner.created'));
	const partnerId = idFrom(agency, /^\/partners\/([^/]+)$/);
	await agency.click('#start-assessment');
	await flash(agency, t('partner.assessment_started'));
	const assessmentId = idFrom(agency, /^\/assessments\/([^/]+)$/);
	const base = `/assessments/${assessmentId}`;
	await accessible(agency, 'assessment overview (agency)');
	await shot(agency, `${tag}-01-assessment-opened`);

	// The partner answers Section 1: first with nothing chosen, to see the errors.
	const partner = await newPage(browser, server);
	await signIn(partner, ctx.partnerAccount(partnerId).email);
	if (lang !== 'en') {
		await partner.selectOption('#language', lang);
		await partner.waitForSelector(`#sign-out:has-text(${JSON.stringify(t('nav.signout'))})`);
	}
	await accessible(partner, 'home (partner)');
	await shot(partner, `${tag}-02-partner-home`);
	await go(partner, `${base}/intro`);
	await partner.click('#intro-save');
	await partner.waitForSelector('.error-summary');
	assert.match(await partner.textContent('[data-field="contact_with_beneficiaries"] .error-message'), new RegExp(t('error.intro_contact_missing').slice(0, 20)));
	await accessible(partner, 'Section 1 with errors');
	await shot(partner, `${tag}-03-intro-errors`);
	await partner.check('#contact');
	await partner.check('#previously-false');
	await partner.click('#intro-save');
	await partner.waitForSelector('#standard-form');

	// Section 2: yes with a document for standards 1 to 6, no for 7, not applicable for 8.
	for (let n = 1; n <= 8; n++) {
		if (n > 1) await partner.waitForSelector(`h1:has-text(${JSON.stringify(t(`standard.${n}.title`))})`);
		const answer = n <= 6 ? '#answer' : n === 7 ? '#answer-no' : '#answer-na';
		await partner.check(answer);
		await partner.fill('#comment', `${tag} comment on standard ${n}`);
		if (n <= 6) {
			const form = partner.locator('form.upload');
			if (n === 1) {
				// Without the approval the document is refused, beside the checkbox.
				await form.locator('select').selectOption({ index: 1 });
				await form.locator('input[type=file]').setInputFiles({ name: 'policy.pdf', mimeType: 'application/pdf', buffer: PDF });
				await form.locator('button[type=submit]').click();
				await partner.waitForSelector('form.upload .field--error[data-field="approved"]');
				await accessible(partner, 'standard page with upload error');
				await shot(partner, `${tag}-04-upload-not-approved`);
			}
			await form.locator('select').selectOption({ index: 1 });
			await form.locator('input[type=file]').setInputFiles({ name: `evidence-${n}.pdf`, mimeType: 'application/pdf', buffer: PDF });
			await form.locator('input[type=checkbox]').check();
			await form.locator('button[type=submit]').click();
			await partner.waitForSelector('.notice--success');
			// The page came back with the document listed and the typed answer kept.
			await partner.waitForSelector('.doc-list__item');
			assert.equal(await partner.isChecked(answer), true);
			assert.equal(await partner.inputValue('#comment'), `${tag} comment on standard ${n}`);
			if (n === 1) {
				await shot(partner, `${tag}-05-standard-1`);
				// Submitting now lists every gap on the check page.
				await partner.click('#save-later');
				// The save lands and returns to the assessment before the check page is opened.
				await flash(partner, t('common.saved_later'));
				await go(partner, `${base}/check`);
				await partner.click('#submit-self');
				await partner.waitForSelector('.error-summary');
				assert.ok(await partner.locator('.error-summary li').count() >= 7, 'each missing answer is listed');
				await shot(partner, `${tag}-06-submit-incomplete`);
				await go(partner, `${base}/standards/2`);
				continue;
			}
		}
		await partner.click('#save-continue');
	}
	await partner.waitForSelector('#submit-self');
	await accessible(partner, 'check your answers');
	await shot(partner, `${tag}-07-check-answers`);
	await partner.click('#submit-self');
	await flash(partner, t('check.submitted'));
	await partner.waitForSelector('#preliminary-panel');
	assert.match(await partner.textContent('#preliminary-panel'), new RegExp(t('rating.medium')));
	// On a phone-sized screen the assessment and a standard fit the width.
	await partner.setViewportSize({ width: 360, height: 740 });
	for (const [path, sel, name] of [[base, '#tasks', 'assessment'], [`${base}/standards/1`, '#standard-form', 'standard']]) {
		await go(partner, path);
		await partner.waitForSelector(sel);
		assert.ok(await partner.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} page fits a phone`);
		await shot(partner, `${tag}-07b-phone-${name}`);
	}
	await partner.setViewportSize({ width: 1280, height: 900 });

	// Verification. A colleague's save in another tab first: the conflict keeps what was typed.
	await go(agency, `${base}/verify`);
	await agency.waitForSelector('#verify-form');
	const other = await agency.context().newPage();
	await go(other, `${base}/verify`);
	await other.waitForSelector('#verify-form');
	await other.fill('#verified-comment-1', 'A colleague was here first');
	await other.click('#verify-save');
	await other.waitForSelector('.notice--success');
	await other.close();
	for (let n = 1; n <= 8; n++) await agency.check(n <= 6 ? `#verified-${n}` : n === 7 ? '#verified-7-no' : '#verified-8-na');
	await agency.fill('#verified-comment-7', `${tag}: no written investigation procedure yet`);
	await agency.click('#verify-finalize');
	await agency.waitForSelector('#conflict');
	await accessible(agency, 'verification with a conflict');
	await shot(agency, `${tag}-08-conflict`);
	await agency.click('#conflict-reload');
	await agency.waitForSelector('.notice:has-text(' + JSON.stringify(t('conflict.reloaded')) + ')');
	assert.equal(await agency.inputValue('#verified-comment-7'), `${tag}: no written investigation procedure yet`);
	assert.equal(await agency.isChecked('#verified-7-no'), true);
	await shot(agency, `${tag}-09-verify`);
	await agency.click('#verify-finalize');
	await agency.waitForSelector('#finalize-result');
	assert.match(await agency.textContent('#finalize-result'), new RegExp(t('rating.medium')));
	await accessible(agency, 'finalize');
	await shot(agency, `${tag}-10-finalize`);
	await agency.click('#finalize-confirm');
	await agency.waitForSelector('#rating-panel');
	assert.match(await agency.textContent('#rating-panel'), new RegExp(t('rating.medium')));
	await shot(agency, `${tag}-11-rated-medium`);

	// The partner list and the partner's page show the new standing.
	await go(agency, `/partners?q=${encodeURIComponent(tag)}`);
	await agency.waitForSelector('#partners-table');
	assert.match(await agency.textContent('#partners-table'), new RegExp(t('rating.medium')));
	await accessible(agency, 'partner list');
	await shot(agency, `${tag}-11b-partner-list`);
	await agency.click(`#partners-table a:has-text(${JSON.stringify(name)})`);
	await agency.waitForSelector('#assessments-title');
	await accessible(agency, 'partner page');
	await shot(agency, `${tag}-11c-partner-page`);

	// The plan: made by the agency, an activity for the unmet standard, submitted by the
	// partner, approved by the agency, the activity reported completed by the partner and
	// confirmed by the agency.
	await go(agency, `${base}/plan`);
	await agency.click('#plan-create');
	await flash(agency, t('plan.created'));
	await agency.selectOption('#activity-standard', '7');
	await agency.fill('#activity-description', `${tag}: write and approve an investigation procedure`);
	await agency.fill('#activity-responsible', 'Director');
	const due = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
	await agency.fill('#activity-due', due);
	await agency.click('#activity-add');
	await flash(agency, t('plan.activity_added'));
	await go(partner, `${base}/plan`);
	await partner.click('#plan-submit');
	await flash(partner, t('plan.submitted'));
	await go(agency, `${base}/plan`);
	await accessible(agency, 'plan');
	await agency.click('#plan-approve');
	await flash(agency, t('plan.approved'));
	await shot(agency, `${tag}-12-plan-active`);
	// Extended once, with a reason: the reassessment moves to the new date.
	const until = new Date(Date.now() + 240 * 86400000).toISOString().slice(0, 10);
	await agency.fill('#extend-until', until);
	await agency.fill('#extend-reason', `${tag}: the board meets only in the autumn`);
	await agency.click('#extend-submit');
	await flash(agency, t('plan.extended'));
	assert.match(await agency.textContent('dl'), new RegExp(`${tag}: the board meets only in the autumn`));
	await go(partner, `${base}/plan`);
	const status = partner.locator('#activities select').first();
	await status.selectOption('completed');
	await partner.locator('#activities button').first().click();
	await flash(partner, t('plan.activity_reported'));
	await shot(partner, `${tag}-13-plan-reported`);
	// The partner's report counts once the agency confirms it.
	await go(agency, `${base}/plan`);
	await agency.locator('#activities button[id$="-confirm"]').first().click();
	await flash(agency, t('plan.confirmed'));
	await shot(agency, `${tag}-13b-plan-confirmed`);
	// The rating given stays on record; the partner's current rating is now full.
	await go(partner, base);
	await partner.waitForSelector('#current-rating');
	assert.match(await partner.textContent('#current-rating'), new RegExp(t('rating.full')));
	await shot(partner, `${tag}-14-rated-full`);
	await go(partner, '/');
	await partner.waitForSelector('#standing-title');
	assert.match(await partner.textContent('section[aria-labelledby="standing-title"]'), new RegExp(t('rating.full')));
	await accessible(partner, 'partner home with a full rating');

	return finish(agency, partner, server);
}

async function finish(agency, partner, server) {
	for (const page of [agency, partner]) {
		assert.deepEqual(page.errors, []);
		assert.deepEqual(foreignRequests(page, server), []);
		await page.context().close();
	}
}
