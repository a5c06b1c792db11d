// Builds one oidc-provider `Provider` per Alur tenant.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

import Provider from 'oidc-provider';

import { errorPage, logoutPage, postLogoutPage } from './views.mjs';

export const CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  alur: ['unit', 'position', 'roles', 'groups'],
};
export const SCOPES = Object.keys(CLAIMS);

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

export function issuerFor(config, tenant) {
  return `http://${config.host}:${config.port}/${tenant.slug}`;
}

/** Tenant-local user lookup (by sub, or by NIP / email for the login form). */
export function makeDirectory(tenant) {
  const bySub = new Map(tenant.users.map((u) => [u.sub, u]));
  return {
    bySub: (sub) => bySub.get(sub),
    byLogin(login) {
      const needle = String(login ?? '').trim();
      if (!needle) return undefined;
      const lower = needle.toLowerCase();
      return tenant.users.find((u) => u.nip === needle || u.email.toLowerCase() === lower);
    },
  };
}

function claimsFor(user) {
  return {
    sub: user.sub,
    preferred_username: user.nip,
    name: user.name,
    email: user.email,
    email_verified: true,
    unit: user.unit,
    position: user.position,
    roles: [...user.roles],
    groups: [...user.groups],
  };
}

export function createProvider(config, tenant, directory) {
  const { slug } = tenant;
  const issuer = issuerFor(config, tenant);

  const provider = new Provider(issuer, {
    clients: [{
      client_id: tenant.client_id,
      client_secret: tenant.client_secret,
      client_name: `Alur (${slug})`,
      redirect_uris: tenant.redirect_uris,
      post_logout_redirect_uris: tenant.post_logout_redirect_uris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      // client_secret_post is accepted as well: oidc-provider treats basic and
      // post as interchangeable for a client registered with either one.
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    }],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    pkce: { required: () => true }, // oidc-provider 9 supports S256 only
    scopes: SCOPES,
    claims: CLAIMS,
    conformIdTokenClaims: false, // scope-granted claims also go into the ID token
    subjectTypes: ['public'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    jwks: { keys: [signingKey()] },
    async findAccount(ctx, sub) {
      const user = directory.bySub(sub);
      if (!user) return undefined;
      return { accountId: user.sub, claims: async () => claimsFor(user) };
    },
    interactions: {
      url: (ctx, interaction) => `/${slug}/interaction/${interaction.uid}`,
    },
    cookies: {
      // Random signing keys per start; cookies are signed (keygrip).
      keys: [randomBytes(32).toString('base64url')],
      // Distinct names per tenant: all issuers share one host:port and
      // cookies are not port/path isolated by default.
      names: {
        session: `_alur_${slug}_session`,
        interaction: `_alur_${slug}_interaction`,
        resume: `_alur_${slug}_resume`,
      },
      // No `secure` flag: oidc-provider only sets Secure when the request is
      // https (ctx.secure), so plain http on 127.0.0.1 works.
      long: { httpOnly: true, sameSite: 'lax', signed: true, path: `/${slug}` },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage({ form });
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = postLogoutPage();
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage({ error: out.error, description: out.error_description });
    },
  });

  provider.on('server_error', (ctx, err) => {
    console.error(`[idp:${slug}] server_error`, err);
  });

  return provider;
}
