#!/usr/bin/env node
// Alur development OpenID Connect identity provider.
//
//   node infra/idp/server.mjs --config <path-to-config.json>
//
// One oidc-provider issuer per tenant, all on one port:
//   issuer    http://{host}:{port}/{slug}
//   discovery http://{host}:{port}/{slug}/.well-known/openid-configuration
// plus GET /healthz -> 200 "ok". Writes nothing to disk.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

import { errors } from 'oidc-provider';

import { configPathFromArgv, loadConfig } from './config.mjs';
import { createProvider, makeDirectory } from './provider.mjs';
import { errorPage, loginPage } from './views.mjs';

const MAX_BODY = 64 * 1024;
const LOGIN_ERROR = 'NIP atau kata sandi salah';

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function readForm(req) {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sameSecret(a, b) {
  const ha = createHash('sha256').update(String(a)).digest();
  const hb = createHash('sha256').update(String(b)).digest();
  return timingSafeEqual(ha, hb);
}

/** Build per-tenant state: provider, its koa callback, user directory. */
function buildTenants(config) {
  return new Map(config.tenants.map((tenant) => {
    const directory = makeDirectory(tenant);
    const provider = createProvider(config, tenant, directory);
    return [tenant.slug, { tenant, directory, provider, callback: provider.callback() }];
  }));
}

/** Consent is auto-granted for the (first-party) tenant client. */
async function grantConsent(provider, details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  if (missing.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  const grantId = await grant.save();
  return details.grantId ? {} : { grantId };
}

async function handleInteraction(req, res, state, uid, action) {
  const { provider, directory, tenant } = state;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
  const { prompt } = details;
  const loginAction = `/${tenant.slug}/interaction/${encodeURIComponent(uid)}/login`;

  if (action === 'login') {
    if (req.method !== 'POST') {
      send(res, 405, errorPage({ error: 'Metode tidak diizinkan' }));
      return;
    }
    if (prompt.name !== 'login') throw new errors.SessionNotFound('interaction is not waiting for login');
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    const password = form.get('password') ?? '';
    const user = directory.byLogin(login);
    const passwordOk = sameSecret(password, state.password);
    if (!user || !passwordOk) {
      send(res, 200, loginPage({ tenant, action: loginAction, login, error: LOGIN_ERROR }));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
    return;
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, errorPage({ error: 'Metode tidak diizinkan' }));
    return;
  }
  switch (prompt.name) {
    case 'login':
      send(res, 200, loginPage({
        tenant,
        action: loginAction,
        login: details.params.login_hint ?? '',
      }));
      return;
    case 'consent': {
      const consent = await grantConsent(provider, details);
      await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
      return;
    }
    default:
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: `unsupported prompt ${prompt.name}`,
      }, { mergeWithLastSubmission: false });
  }
}

function main() {
  const config = loadConfig(configPathFromArgv());
  const tenants = buildTenants(config);
  for (const state of tenants.values()) state.password = config.password;

  const server = createServer(async (req, res) => {
    let pathname;
    try {
      pathname = new URL(req.url, 'http://localhost').pathname;
    } catch {
      send(res, 400, 'bad request', 'text/plain; charset=utf-8');
      return;
    }

    if (pathname === '/healthz') {
      send(res, 200, 'ok', 'text/plain; charset=utf-8');
      return;
    }

    const slug = pathname.split('/')[1];
    const state = slug ? tenants.get(slug) : undefined;
    if (!state || !(pathname === `/${slug}` || pathname.startsWith(`/${slug}/`))) {
      send(res, 404, 'not found', 'text/plain; charset=utf-8');
      return;
    }
    const prefix = `/${slug}`;
    const rest = pathname.slice(prefix.length);

    // Our own interaction (login / auto-consent) routes.
    const m = /^\/interaction\/([^/]+)(?:\/(login))?$/.exec(rest);
    if (m) {
      try {
        await handleInteraction(req, res, state, decodeURIComponent(m[1]), m[2]);
      } catch (err) {
        if (res.headersSent) return;
        if (err instanceof errors.SessionNotFound) {
          send(res, 400, errorPage({
            error: 'Sesi masuk tidak ditemukan atau sudah kedaluwarsa',
            description: 'Mulai lagi proses masuk dari aplikasi.',
          }));
        } else {
          console.error(`[idp:${slug}] interaction error`, err);
          send(res, 500, errorPage({ error: 'Kesalahan server' }));
        }
      }
      return;
    }

    // Everything else under /{slug} goes to that tenant's Provider with the
    // prefix stripped. oidc-provider derives its mount path from
    // req.originalUrl / req.baseUrl (express/koa-mount convention), which
    // makes endpoint URLs in discovery & redirects carry the /{slug} prefix.
    req.originalUrl = req.url;
    req.baseUrl = prefix;
    req.url = req.url.slice(prefix.length) || '/';
    if (req.url.startsWith('?')) req.url = `/${req.url}`;
    state.callback(req, res);
  });

  server.on('error', (err) => {
    console.error(`IdP failed: ${err.message}`);
    process.exit(1);
  });

  server.listen(config.port, config.host, () => {
    const names = [...tenants.keys()].join(', ');
    process.stdout.write(`IdP ready on http://${config.host}:${config.port} issuers: ${names}\n`);
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
