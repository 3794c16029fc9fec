// fake-issuer.mjs: a small OpenID provider for the refusals, on a loopback port, signing ID tokens
// with RSA keys the test holds (node:crypto), so that a test can hand the server what a real
// provider never mints: a bad signature, another audience, an expired token, a wrong nonce, an
// unsigned token. Its authorization endpoint signs in `issuer.person` at once and returns to the
// client with a code; its token endpoint checks the client's secret and the PKCE verifier.
import { createServer } from 'node:http';
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function newKey() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(6).toString('hex');
  return { kid, privateKey, publicKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
}

export class FakeIssuer {
  // clientId and secret: the client registered with it.
  static async start({ clientId = 'psea-test', secret = 'fake-secret' } = {}) {
    const f = new FakeIssuer();
    f.clientId = clientId;
    f.secret = secret;
    f.keys = [newKey()];
    f.mode = 'good';
    f.person = { sub: 'person-1', email: 'ana@unicef.org', email_verified: true, name: 'Ana Example' };
    f.codes = new Map();
    f.tokenRequests = [];
    f.server = createServer((req, res) => f.handle(req, res));
    await new Promise((ok) => f.server.listen(0, '127.0.0.1', ok));
    f.url = `http://127.0.0.1:${f.server.address().port}`;
    return f;
  }

  // A new signing key, published alone: the old one is withdrawn (key rotation).
  rotate() { this.keys = [newKey()]; }

  stop() { return new Promise((ok) => { this.server.closeAllConnections?.(); this.server.close(ok); }); }

  idToken(nonce) {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: this.url, aud: this.clientId, sub: this.person.sub, email: this.person.email,
      email_verified: this.person.email_verified, name: this.person.name, nonce, iat: now, exp: now + 300 };
    const key = this.keys[0];
    let header = { alg: 'RS256', typ: 'JWT', kid: key.kid };
    if (this.mode === 'wrong_audience') claims.aud = 'another-client';
    if (this.mode === 'expired') { claims.iat = now - 3600; claims.exp = now - 1800; }
    if (this.mode === 'wrong_nonce') claims.nonce = 'not-the-nonce';
    if (this.mode === 'wrong_issuer') claims.iss = 'https://elsewhere.example';
    if (this.mode === 'none') header = { alg: 'none', typ: 'JWT', kid: key.kid };
    if (this.mode === 'hs256') header = { alg: 'HS256', typ: 'JWT', kid: key.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    if (this.mode === 'none') return `${input}.`;
    // HMAC keyed with the public key, the classic algorithm confusion
    if (this.mode === 'hs256') return `${input}.${b64url(createHmac('sha256', key.publicKey.export({ type: 'spki', format: 'pem' })).update(input).digest())}`;
    // bad signature: signed by a key of the same kid that the provider never published
    const signer = this.mode === 'bad_signature' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : key.privateKey;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), signer))}`;
  }

  async handle(req, res) {
    const url = new URL(req.url, this.url);
    const json = (status, body) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer: this.url, authorization_endpoint: `${this.url}/auth`, token_endpoint: `${this.url}/token`,
        jwks_uri: `${this.url}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (url.pathname === '/jwks') return json(200, { keys: this.keys.map((k) => k.jwk) });
    if (url.pathname === '/auth') {
      const q = Object.fromEntries(url.searchParams);
      this.lastAuthorization = q;
      const code = randomBytes(12).toString('hex');
      this.codes.set(code, q);
      res.writeHead(302, { Location: `${q.redirect_uri}?code=${code}&state=${encodeURIComponent(q.state)}` });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = Object.fromEntries(new URLSearchParams(body));
      this.tokenRequests.push(form);
      const basic = Buffer.from((req.headers.authorization || '').replace(/^Basic /, ''), 'base64').toString();
      const [id, secret] = basic.split(':').map(decodeURIComponent);
      if (id !== this.clientId || secret !== this.secret) return json(401, { error: 'invalid_client' });
      const auth = this.codes.get(form.code);
      this.codes.delete(form.code);
      const challenge = form.code_verifier && createHash('sha256').update(form.code_verifier).digest('base64url');
      if (!auth || form.redirect_uri !== auth.redirect_uri || challenge !== auth.code_challenge) return json(400, { error: 'invalid_grant' });
      return json(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300,
        id_token: this.idToken(auth.nonce) });
    }
    json(404, { error: 'not_found' });
  }
}
