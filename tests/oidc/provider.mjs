// A real OpenID Connect provider for end-to-end tests, on loopback over plain HTTP.
//
// Environment:
//   PORT                 port to listen on (127.0.0.1 only); the issuer is http://127.0.0.1:$PORT
//   OIDC_CLIENT_ID       the one registered client
//   OIDC_CLIENT_SECRET   its secret (client_secret_basic and client_secret_post both work)
//   OIDC_REDIRECT_URIS   comma-separated redirect URIs, e.g. http://127.0.0.1:8000/accounts/oidc/x/login/callback/
//
// Sign-in uses oidc-provider's built-in development pages: any login name, any password.
// The login name becomes the account's `sub`; see findAccount below.
// Prints "ready <issuer>" on stdout once listening. State lives in memory only.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const need = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`provider.mjs: ${name} is required`);
    process.exit(2);
  }
  return value;
};

const port = Number(need('PORT'));
const issuer = `http://127.0.0.1:${port}`;

// A fresh signing key per run (avoids the "development-only signing keys" warning).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'test' };

// Account derived from the login name typed into the dev sign-in form.
// "unverified:ann@example.com" signs in with email_verified false, "noclaim:ann@…" without
// the claim (as Entra ID does): for the tests of addresses the provider does not vouch for.
function account(login) {
  const [, how, address] = login.match(/^(?:(unverified|noclaim):)?(.*)$/);
  const email = address.includes('@') ? address : `${address}@example.com`;
  const name = email.split('@')[0].split(/[._-]+/).filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1)).join(' ') || address;
  if (how === 'noclaim') return { email, name };
  return { email, email_verified: how !== 'unverified', name };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: need('OIDC_CLIENT_ID'),
    client_secret: need('OIDC_CLIENT_SECRET'),
    redirect_uris: need('OIDC_REDIRECT_URIS').split(',').map((u) => u.trim()).filter(Boolean),
    // "web" client, code flow; http loopback redirect URIs are allowed for it.
    application_type: 'web',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // Registered as basic, but oidc-provider accepts client_secret_post too for secret-based clients.
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  scopes: ['openid', 'email', 'profile'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Put the scope-granted claims in the ID token too, not only in userinfo.
  conformIdTokenClaims: false,
  // PKCE optional: accepted when the client sends it, not required.
  pkce: { required: () => false },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    return { accountId: sub, claims: async () => ({ sub, ...account(sub) }) };
  },
});

// Static clients are validated lazily; look ours up now so bad metadata fails at start-up.
await provider.Client.find(process.env.OIDC_CLIENT_ID);

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});

// Exit promptly when the test harness terminates us.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
