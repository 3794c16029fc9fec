// oidc-provider.mjs: a real OpenID provider for the single sign-on tests: the `oidc-provider`
// package on a free loopback port, with one client registered for the portal under test. Its
// development sign-in form accepts any login and password; the login becomes the subject, and
// the person's e-mail is login@unicef.org (or what `people` says), verified.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

export async function startProvider({ redirectUri, clientId = 'psea-portal', secret = randomBytes(16).toString('hex'), people = {} }) {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: secret, redirect_uris: [redirectUri], grant_types: ['authorization_code'],
      response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' }] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // the portal reads the person's e-mail from the ID token, as Entra ID, Okta and Keycloak send it
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(ctx, id) {
      const person = people[id] || { email: `${id}@unicef.org`, name: `Person ${id}` };
      return { accountId: id, claims: async () => ({ sub: id, email: person.email, email_verified: true, name: person.name }) };
    },
  });
  provider.on('server_error', (ctx, err) => console.error('oidc-provider:', err));
  server.on('request', provider.callback());
  return {
    issuer, clientId, secret, provider,
    stop: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}
