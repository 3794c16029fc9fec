// format.js: dates, clocks, rating words and statuses in the person's language.
import { language, t, has } from './i18n.js';

const DAY = 86400000;

// Day-month-year English reads the same everywhere the UN works; French and Spanish as is.
function locale() { return language() === 'en' ? 'en-GB' : language(); }

function toDate(value) {
	if (!value) return null;
	// A bare date (YYYY-MM-DD) is a calendar day, not midnight UTC shifted into local time.
	const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(value + 'T12:00:00') : new Date(value);
	return Number.isNaN(d.getTime()) ? null : d;
}

export function date(value) {
	const d = toDate(value);
	return d ? new Intl.DateTimeFormat(locale(), { dateStyle: 'long' }).format(d) : t('common.none');
}

export function dateTime(value) {
	const d = toDate(value);
	return d ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d) : t('common.none');
}

function startOfDay(d) { return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(); }

export function daysFromToday(value, now = new Date()) {
	const d = toDate(value);
	return d ? Math.round((startOfDay(d) - startOfDay(now)) / DAY) : null;
}

// "in 12 days", "in 4 months", "in 2 years": the largest unit that keeps the number readable.
export function relative(days) {
	const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
	const abs = Math.abs(days);
	if (abs >= 730) return rtf.format(Math.round(days / 365), 'year');
	if (abs >= 60) return rtf.format(Math.round(days / 30), 'month');
	return rtf.format(days, 'day');
}

// A length of time in words ("3 days", "11 months", "4 years"), in the largest readable unit.
export function span(days) {
	const [n, unit] = days >= 730 ? [Math.round(days / 365), 'year'] : days >= 60 ? [Math.round(days / 30), 'month'] : [days, 'day'];
	return new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

// A deadline as words: "due in 12 days", "due today", "overdue by 3 days".
export function clock(value, kind = 'due') {
	const days = daysFromToday(value);
	if (days === null) return '';
	if (days < 0) return t(`clock.${kind}_overdue`, { span: span(-days) });
	return t(`clock.${kind}`, { when: relative(days) });
}

export function isOverdue(value) {
	const days = daysFromToday(value);
	return days !== null && days < 0;
}

// Word for a value of a closed list ("rating", "medium") with the raw value as last resort.
export function word(list, value) {
	if (value === null || value === undefined || value === '') return t(`${list}.none`);
	const key = `${list}.${value}`;
	return has(key) ? t(key) : String(value).replace(/_/g, ' ');
}

export function number(n) { return new Intl.NumberFormat(locale()).format(n); }

export function bytes(n) {
	if (n < 1024) return t('common.bytes', { n: number(n) });
	if (n < 1024 * 1024) return t('common.kb', { n: number(Math.round(n / 102.4) / 10) });
	return t('common.mb', { n: number(Math.round(n / 104857.6) / 10) });
}
