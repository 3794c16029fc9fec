// raw.mjs: HTTP over a bare socket, for requests fetch cannot make (a method that is not UTF-8, a
// body sent in part or one byte at a time, a chosen source address) and answers it would hide.
import net from 'node:net';

// Opens a connection to the server at url. options.localAddress: the source address (any of
// 127.0.0.0/8 reaches a server listening on 127.0.0.1).
export function connect(url, { localAddress } = {}) {
  const { hostname, port } = new URL(url);
  const sock = net.connect({ port: Number(port), host: hostname, localAddress });
  const conn = { sock, data: Buffer.alloc(0), closed: false, error: null };
  sock.on('data', (d) => { conn.data = Buffer.concat([conn.data, d]); });
  sock.on('error', (e) => { conn.error = e; });
  sock.on('close', () => { conn.closed = true; });
  conn.ready = new Promise((ok) => sock.once('connect', ok).once('error', ok));
  return conn;
}

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Waits until predicate(conn) holds or ms pass; returns whether it held.
export async function waitFor(conn, predicate, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20))
    if (predicate(conn)) return true;
  return predicate(conn);
}

// The first answer received on conn, parsed: {status, headers (lower-case names), body, json};
// null while it is incomplete.
export function answer(conn) {
  const text = conn.data.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = {};
  for (const l of lines) { const i = l.indexOf(':'); headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
  const length = Number(headers['content-length'] ?? NaN);
  const body = conn.data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
  if (!Number.isNaN(length) ? body.length < length : !conn.closed) return null;
  const content = Number.isNaN(length) ? body : body.subarray(0, length);
  let json = null;
  try { json = JSON.parse(content.toString('utf8')); } catch { /* not JSON */ }
  return { status: Number(statusLine.split(' ')[1]), headers, body: content.toString('utf8'), json };
}

// Sends request (a string or Buffer) on a new connection and resolves with the answer, or null
// when none came within ms.
export async function exchange(url, request, { ms = 5000, localAddress } = {}) {
  const conn = connect(url, { localAddress });
  await conn.ready;
  conn.sock.write(request);
  await waitFor(conn, (c) => answer(c) !== null || c.closed, ms);
  const a = answer(conn);
  conn.sock.destroy();
  return a;
}
