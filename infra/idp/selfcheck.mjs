#!/usr/bin/env node
// Self-check against a RUNNING dev IdP (this script starts nothing):
//
//   node infra/idp/server.mjs --config cfg.json &
//   node infra/idp/selfcheck.mjs --config cfg.json
//
// For every tenant: discovery, a full authorization-code + PKCE (S256) flow
// for the tenant's first user (login form, auto-consent, token exchange),
// ID token signature (JWKS) + iss/aud/nonce/preferred_username/claims,
// userinfo, SSO re-use + wrong code_verifier rejection, RP-initiated logout.
// Plus: PKCE is mandatory, wrong password is rejected, and a user of one
// tenant cannot log in at another tenant's issuer.
import { createHash, randomBytes } from 'node:crypto';

import { createRemoteJWKSet, jwtVerify } from 'jose';

import { configPathFromArgv, loadConfig } from './config.mjs';

const config = loadConfig(configPathFromArgv());
const base = `http://${config.host}:${config.port}`;
const SCOPE = 'openid profile email alur';

let passed = 0;
let failed = 0;

function ok(cond, msg, detail) {
  if (cond) {
    passed += 1;
    console.log(`ok - ${msg}`);
  } else {
    failed += 1;
    console.log(`FAIL - ${msg}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
  }
  return cond;
}

function must(cond, msg, detail) {
  if (!ok(cond, msg, detail)) throw new Error(`aborting tenant check after: ${msg}`);
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function unescapeHtml(s) {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Minimal cookie jar (name+path keyed, path-prefix matching, single host). */
class Jar {
  #cookies = new Map();

  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        if (k.toLowerCase() === 'path') path = v;
        if (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    return [...this.#cookies.values()]
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  names() {
    return [...this.#cookies.values()].map((c) => `${c.name}@${c.path}`);
  }
}

async function request(jar, url, { method = 'GET', form, headers = {} } = {}) {
  const h = { ...headers };
  const cookie = jar.header(url);
  if (cookie) h.cookie = cookie;
  let body;
  if (form) {
    h['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
  jar.store(res);
  return res;
}

/**
 * Follow redirects (GET) until we either land on the client's redirect_uri
 * (not fetched) or get a non-redirect response.
 */
async function follow(jar, res, url, redirectUri, maxHops = 10) {
  let current = res;
  let currentUrl = url;
  for (let i = 0; i < maxHops; i += 1) {
    if (![301, 302, 303, 307, 308].includes(current.status)) {
      return { res: current, url: currentUrl, body: await current.text() };
    }
    const next = new URL(current.headers.get('location'), currentUrl).href;
    await current.arrayBuffer();
    if (redirectUri && next.startsWith(redirectUri)) return { callback: new URL(next) };
    currentUrl = next;
    current = await request(jar, next);
  }
  throw new Error('too many redirects');
}

function parseForm(html, pageUrl) {
  const form = /<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const inputs = {};
  for (const m of form[2].matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(m[0]);
    const value = /\bvalue="([^"]*)"/i.exec(m[0]);
    if (name) inputs[name[1]] = value ? unescapeHtml(value[1]) : '';
  }
  return { action: new URL(unescapeHtml(form[1]), pageUrl).href, inputs };
}

function pkce() {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

function authUrl(disco, tenant, { challenge, state, nonce, withPkce = true }) {
  const u = new URL(disco.authorization_endpoint);
  u.search = new URLSearchParams({
    client_id: tenant.client_id,
    redirect_uri: tenant.redirect_uris[0],
    response_type: 'code',
    scope: SCOPE,
    state,
    nonce,
    ...(withPkce ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
  }).toString();
  return u.href;
}

/** Start an auth request and return either the login page or the callback. */
async function startAuth(jar, disco, tenant, opts) {
  const url = authUrl(disco, tenant, opts);
  return follow(jar, await request(jar, url), url, tenant.redirect_uris[0]);
}

async function submitLogin(jar, page, tenant, login, password) {
  const form = parseForm(page.body, page.url);
  if (!form) throw new Error('no login form found');
  const res = await request(jar, form.action, { method: 'POST', form: { ...form.inputs, login, password } });
  return follow(jar, res, form.action, tenant.redirect_uris[0]);
}

async function tokenRequest(disco, tenant, params, authMethod) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const form = { grant_type: 'authorization_code', redirect_uri: tenant.redirect_uris[0], ...params };
  if (authMethod === 'client_secret_basic') {
    const enc = (s) => encodeURIComponent(s);
    headers.authorization = `Basic ${Buffer.from(`${enc(tenant.client_id)}:${enc(tenant.client_secret)}`).toString('base64')}`;
  } else {
    form.client_id = tenant.client_id;
    form.client_secret = tenant.client_secret;
  }
  const res = await fetch(disco.token_endpoint, { method: 'POST', headers, body: new URLSearchParams(form) });
  return { status: res.status, json: await res.json() };
}

async function checkTenant(tenant, index) {
  const issuer = `${base}/${tenant.slug}`;
  const tag = `[${tenant.slug}]`;
  const user = tenant.users[0];
  must(user, `${tag} config has at least one user`);

  // 1. Discovery
  const discoRes = await fetch(`${issuer}/.well-known/openid-configuration`);
  must(discoRes.status === 200, `${tag} discovery 200`, discoRes.status);
  const disco = await discoRes.json();
  must(disco.issuer === issuer, `${tag} discovery issuer is ${issuer}`, disco.issuer);
  ok(['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'end_session_endpoint']
    .every((k) => typeof disco[k] === 'string' && disco[k].startsWith(`${issuer}/`)), `${tag} endpoints live under the issuer`);
  ok(JSON.stringify(disco.code_challenge_methods_supported) === '["S256"]', `${tag} PKCE methods = [S256]`, disco.code_challenge_methods_supported);
  ok(JSON.stringify(disco.response_types_supported) === '["code"]', `${tag} response_types = [code]`, disco.response_types_supported);
  ok(['openid', 'profile', 'email', 'alur'].every((s) => disco.scopes_supported.includes(s)), `${tag} scopes include openid profile email alur`);
  ok(disco.id_token_signing_alg_values_supported.includes('RS256'), `${tag} RS256 id_token signing`);

  // 2. PKCE is mandatory
  {
    const jar = new Jar();
    const r = await startAuth(jar, disco, tenant, { state: 'nopkce', nonce: 'n', withPkce: false });
    ok(r.callback?.searchParams.get('error') === 'invalid_request', `${tag} auth request without code_challenge is rejected`, r.callback?.href ?? r.res?.status);
  }

  // 3. Full code + PKCE flow
  const jar = new Jar();
  const { verifier, challenge } = pkce();
  const state = b64url(randomBytes(12));
  const nonce = b64url(randomBytes(12));
  let r = await startAuth(jar, disco, tenant, { challenge, state, nonce });
  must(r.res?.status === 200 && /<html lang="id">/.test(r.body) && r.body.includes('NIP atau email')
    && r.body.includes('Kata sandi') && r.body.includes('Masuk'), `${tag} login page shown (lang=id, Indonesian labels)`, r.res?.status);
  ok(/<label for="login">/.test(r.body) && /<label for="password">/.test(r.body), `${tag} login inputs have labels`);

  // wrong password -> form again with error
  r = await submitLogin(jar, r, tenant, user.nip, `${config.password}-wrong`);
  must(r.res?.status === 200 && r.body.includes('NIP atau kata sandi salah'), `${tag} wrong password re-shows form with error`);

  r = await submitLogin(jar, r, tenant, user.nip, config.password);
  must(r.callback, `${tag} login + auto-consent redirects to redirect_uri`, r.res?.status);
  const cb = r.callback;
  ok(cb.searchParams.get('state') === state, `${tag} state round-trips`);
  ok(cb.searchParams.get('iss') === issuer, `${tag} authorization response iss = issuer`, cb.searchParams.get('iss'));
  const code = cb.searchParams.get('code');
  must(code, `${tag} got authorization code`, cb.href);

  const authMethod = index % 2 === 0 ? 'client_secret_basic' : 'client_secret_post';
  const tok = await tokenRequest(disco, tenant, { code, code_verifier: verifier }, authMethod);
  must(tok.status === 200 && tok.json.id_token && tok.json.access_token, `${tag} token endpoint (${authMethod}) returns id_token + access_token`, tok.json);

  const jwks = createRemoteJWKSet(new URL(disco.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(tok.json.id_token, jwks, {
    issuer,
    audience: tenant.client_id,
    algorithms: ['RS256'],
  });
  ok(protectedHeader.alg === 'RS256', `${tag} id_token signature verified against JWKS (RS256)`);
  ok(payload.iss === issuer && payload.aud === tenant.client_id, `${tag} id_token iss/aud`, { iss: payload.iss, aud: payload.aud });
  ok(payload.nonce === nonce, `${tag} id_token nonce`);
  ok(payload.sub === user.sub, `${tag} id_token sub`, payload.sub);
  ok(payload.preferred_username === user.nip, `${tag} id_token preferred_username = NIP`, payload.preferred_username);
  ok(payload.name === user.name && payload.email === user.email && payload.email_verified === true,
    `${tag} id_token name/email/email_verified`);
  ok(payload.unit === user.unit && payload.position === user.position
    && JSON.stringify(payload.roles) === JSON.stringify(user.roles)
    && JSON.stringify(payload.groups) === JSON.stringify(user.groups), `${tag} id_token unit/position/roles/groups`,
  { unit: payload.unit, position: payload.position, roles: payload.roles, groups: payload.groups });

  const ui = await fetch(disco.userinfo_endpoint, { headers: { authorization: `Bearer ${tok.json.access_token}` } });
  const uiJson = await ui.json();
  ok(ui.status === 200 && uiJson.sub === user.sub && uiJson.preferred_username === user.nip
    && JSON.stringify(uiJson.roles) === JSON.stringify(user.roles), `${tag} userinfo returns the same claims`, uiJson);

  const replay = await tokenRequest(disco, tenant, { code, code_verifier: verifier }, authMethod);
  ok(replay.status === 400 && replay.json.error === 'invalid_grant', `${tag} authorization code cannot be replayed`, replay.json);

  // 4. SSO: a second request reuses the session (no login form); wrong verifier rejected
  {
    const p2 = pkce();
    const r2 = await startAuth(jar, disco, tenant, { challenge: p2.challenge, state: 's2', nonce: 'n2' });
    ok(r2.callback?.searchParams.get('code'), `${tag} second authorization reuses the IdP session (SSO)`, r2.res?.status);
    if (r2.callback) {
      const bad = await tokenRequest(disco, tenant, { code: r2.callback.searchParams.get('code'), code_verifier: pkce().verifier }, authMethod);
      ok(bad.status === 400 && bad.json.error === 'invalid_grant', `${tag} wrong code_verifier is rejected`, bad.json);
    }
  }

  // 5. RP-initiated logout with id_token_hint
  {
    const postLogout = tenant.post_logout_redirect_uris[0];
    if (postLogout) {
      const u = new URL(disco.end_session_endpoint);
      u.search = new URLSearchParams({ id_token_hint: tok.json.id_token, post_logout_redirect_uri: postLogout, state: 'bye' }).toString();
      const page = await follow(jar, await request(jar, u.href), u.href);
      const form = page.body && parseForm(page.body, page.url);
      ok(page.res?.status === 200 && form?.inputs.xsrf && form.inputs.logout === 'yes',
        `${tag} end_session returns auto-submitting logout form (xsrf + logout=yes)`, page.res?.status);
      if (form) {
        const res = await request(jar, form.action, { method: 'POST', form: form.inputs });
        const loc = res.headers.get('location') ?? '';
        ok(res.status === 303 && loc.startsWith(postLogout) && new URL(loc).searchParams.get('state') === 'bye',
          `${tag} logout confirm redirects to post_logout_redirect_uri with state`, `${res.status} ${loc}`);
        const p3 = pkce();
        const r3 = await startAuth(jar, disco, tenant, { challenge: p3.challenge, state: 's3', nonce: 'n3' });
        ok(r3.res?.status === 200 && r3.body.includes('NIP atau email'), `${tag} after logout the login form is required again`);
      }
    } else {
      ok(true, `${tag} no post_logout_redirect_uris configured; logout check skipped`);
    }
  }

  // 6. login by email works too (fresh browser)
  {
    const jar2 = new Jar();
    const p4 = pkce();
    let r4 = await startAuth(jar2, disco, tenant, { challenge: p4.challenge, state: 's4', nonce: 'n4' });
    r4 = await submitLogin(jar2, r4, tenant, user.email.toUpperCase(), config.password);
    ok(r4.callback?.searchParams.get('code'), `${tag} login by email (case-insensitive) works`);
  }
  return disco;
}

async function checkCrossTenant(from, to, discos) {
  // A browser that is logged in at `from` goes to `to`'s issuer: the `from`
  // session must not be honoured, and `from`'s user must not be able to log in.
  const tag = `[${from.slug}->${to.slug}]`;
  const user = from.users[0];
  const jar = new Jar();
  let r = await startAuth(jar, discos.get(from.slug), from, { challenge: pkce().challenge, state: 'a', nonce: 'a' });
  r = await submitLogin(jar, r, from, user.nip, config.password);
  must(r.callback, `${tag} logged in at ${from.slug} first`);
  const sessionCookies = jar.names().filter((n) => n.includes('_session'));
  ok(sessionCookies.length > 0 && sessionCookies.every((n) => n.endsWith(`@/${from.slug}`)),
    `${tag} ${from.slug} session cookie is scoped to /${from.slug}`, sessionCookies);

  for (const login of [user.nip, user.email]) {
    if (to.users.some((u) => u.nip === login || u.email.toLowerCase() === login.toLowerCase())) continue;
    r = await startAuth(jar, discos.get(to.slug), to, { challenge: pkce().challenge, state: 'x', nonce: 'x' });
    ok(!r.callback && r.res?.status === 200 && r.body.includes('NIP atau email'),
      `${tag} ${from.slug} session is not accepted at ${to.slug}'s issuer (login form shown)`, r.callback?.href ?? r.res?.status);
    if (r.callback) continue;
    r = await submitLogin(jar, r, to, login, config.password);
    ok(!r.callback && r.res?.status === 200 && r.body.includes('NIP atau kata sandi salah'),
      `${tag} ${from.slug} user (${login === user.nip ? 'NIP' : 'email'}) cannot log in at ${to.slug}'s issuer`,
      r.callback?.href ?? r.res?.status);
  }
}

async function main() {
  const health = await fetch(`${base}/healthz`).catch((err) => ({ status: 0, text: async () => err.message }));
  ok(health.status === 200 && (await health.text()) === 'ok', 'GET /healthz -> 200 ok');

  const discos = new Map();
  for (const [i, tenant] of config.tenants.entries()) {
    try {
      discos.set(tenant.slug, await checkTenant(tenant, i));
    } catch (err) {
      ok(false, `[${tenant.slug}] flow completed`, err.message);
    }
  }
  for (const from of config.tenants) {
    for (const to of config.tenants) {
      if (from === to || !discos.has(from.slug) || !discos.has(to.slug)) continue;
      try {
        await checkCrossTenant(from, to, discos);
      } catch (err) {
        ok(false, `[${from.slug}->${to.slug}] cross-tenant check completed`, err.message);
      }
    }
  }
  if (config.tenants.length < 2) console.log('note: only one tenant configured; cross-tenant check skipped');

  console.log(`selfcheck: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
