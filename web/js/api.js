// api.js: the one way the interface talks to the server. JSON in and out, the CSRF token on
// every write, and problem+json answers turned into ApiError so pages can show them by field.
let csrfToken = null;

export function setCsrf(token) { csrfToken = token || null; }

export class ApiError extends Error {
	constructor(status, problem) {
		super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
		this.status = status;
		this.code = (problem && problem.code) || (status === 0 ? 'network' : 'http_' + status);
		this.problem = problem || {};
		this.errors = Array.isArray(this.problem.errors) ? this.problem.errors : [];
	}
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function readProblem(res) {
	try { return await res.json(); } catch { return null; }
}

export async function api(method, path, body, options = {}) {
	const headers = { Accept: 'application/json, application/problem+json' };
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	if (WRITES.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
	if (options.version !== undefined && options.version !== null) headers['If-Match'] = `"${options.version}"`;
	let res;
	try {
		res = await fetch('/api/v1' + path, {
			method, headers, credentials: 'same-origin',
			// fresh: the server's answer or a failure, never a copy kept for working offline
			cache: options.fresh ? 'no-store' : 'default',
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	} catch {
		throw new ApiError(0, null);
	}
	if (res.status === 204) return null;
	if (!res.ok) throw new ApiError(res.status, await readProblem(res));
	const type = res.headers.get('Content-Type') || '';
	return type.includes('json') ? res.json() : res.text();
}

export const get = (path) => api('GET', path);
export const post = (path, body, options) => api('POST', path, body === undefined ? {} : body, options);
export const put = (path, body, options) => api('PUT', path, body, options);
export const patch = (path, body, options) => api('PATCH', path, body, options);
export const del = (path) => api('DELETE', path);

// GET of a record that may not exist: null when the server has none at that address.
export async function getOptional(path) {
	try { return await get(path); } catch (e) {
		if (e.status === 404) return null;
		throw e;
	}
}

// Uploads a multipart form with XMLHttpRequest, because fetch does not report upload progress.
export function upload(path, formData, onProgress) {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', '/api/v1' + path);
		xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
		if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
		xhr.upload.addEventListener('progress', (e) => {
			if (e.lengthComputable && onProgress) onProgress(e.loaded, e.total);
		});
		xhr.addEventListener('load', () => {
			let data = null;
			try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { data = null; }
			if (xhr.status >= 200 && xhr.status < 300) resolve(data);
			else reject(new ApiError(xhr.status, data));
		});
		xhr.addEventListener('error', () => reject(new ApiError(0, null)));
		xhr.send(formData);
	});
}
