// Every string the interface shows comes from the catalogues: each key the code asks for exists
// in English, French and Spanish, and the three catalogues have the same keys and placeholders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../api/lib.mjs';

const WEB = join(ROOT, 'web');
const cat = (l) => JSON.parse(readFileSync(join(WEB, 'i18n', `${l}.json`), 'utf8'));
const en = cat('en'), fr = cat('fr'), es = cat('es');

function sources(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? sources(join(dir, e.name))
		: e.name.endsWith('.js') ? [readFileSync(join(dir, e.name), 'utf8')] : []);
}

test('the three catalogues have the same keys', () => {
	for (const [name, other] of [['fr', fr], ['es', es]]) {
		assert.deepEqual(Object.keys(other).filter((k) => !(k in en)), [], `${name} has keys English lacks`);
		assert.deepEqual(Object.keys(en).filter((k) => !(k in other)), [], `${name} lacks keys`);
	}
});

test('translations keep the placeholders of the English text', () => {
	const holes = (s) => (s.match(/\{\w+\}/g) || []).sort().join(',');
	for (const key of Object.keys(en)) {
		assert.equal(holes(fr[key]), holes(en[key]), `fr ${key}`);
		assert.equal(holes(es[key]), holes(en[key]), `es ${key}`);
		assert.notEqual(fr[key].trim(), '', `fr ${key} empty`);
		assert.notEqual(es[key].trim(), '', `es ${key} empty`);
	}
});

test('every key the code uses exists (plural keys as _one/_other)', () => {
	const used = new Set();
	for (const src of sources(join(WEB, 'js'))) for (const m of src.matchAll(/\bt\('([a-z_0-9.]+)'/g)) used.add(m[1]);
	const missing = [...used].filter((k) => !(k in en) && !(`${k}_other` in en));
	assert.deepEqual(missing, []);
	// Keys built at run time: the eight standards and the closed lists.
	for (let n = 1; n <= 8; n++) for (const part of ['title', 'asks', 'guidance', 'evidence']) assert.ok(`standard.${n}.${part}` in en, `standard.${n}.${part}`);
	for (const k of ['full', 'medium', 'low']) assert.ok(`rating.${k}` in en && `rating_long.${k}` in en);
	for (const k of ['intro', 'self_assessment', 'submitted', 'verification', 'rated', 'rating_unlocked']) assert.ok(`status.${k}` in en && `status_help.${k}` in en, k);
	for (const k of ['draft', 'submitted', 'active', 'completed']) assert.ok(`plan_status.${k}` in en, k);
	for (const k of ['partner_reader', 'partner_editor', 'agency_reader', 'agency_editor', 'agency_advanced_editor', 'agency_focal_point', 'admin']) assert.ok(`role.${k}` in en, k);
});

test('the interface has no inline scripts, styles or handlers (the CSP forbids them)', () => {
	const html = readFileSync(join(WEB, 'index.html'), 'utf8');
	assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
	assert.doesNotMatch(html, /\sstyle=|<style|\son[a-z]+=/i);
	for (const src of sources(join(WEB, 'js'))) {
		assert.doesNotMatch(src, /innerHTML|insertAdjacentHTML|document\.write|setAttribute\('style'|\bstyle:\s*'[^']*[:;]/);
	}
});
