// Config loading and validation for the Alur development IdP.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SLUG_RE = /^[a-z0-9][a-z0-9-]*$/;

function fail(msg) {
  throw new Error(`invalid IdP config: ${msg}`);
}

function stringArray(value, where, { required = true } = {}) {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    fail(`${where} must be an array of strings`);
  }
  return [...value];
}

function nonEmptyString(value, where) {
  if (typeof value !== 'string' || value === '') fail(`${where} must be a non-empty string`);
  return value;
}

/** Parse `--config <path>` / `--config=<path>` from argv. */
export function configPathFromArgv(argv = process.argv.slice(2)) {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--config') return argv[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

/** Read and validate the JSON config; `path` is resolved against the cwd. */
export function loadConfig(path) {
  if (!path) fail('missing --config <path-to-config.json>');
  const abs = resolve(process.cwd(), path);
  let raw;
  try {
    raw = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read IdP config ${abs}: ${err.message}`);
  }

  const host = raw.host ?? '127.0.0.1';
  const port = raw.port ?? 9400;
  nonEmptyString(host, 'host');
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail('port must be an integer 1-65535');
  const password = nonEmptyString(raw.password, 'password');

  if (!Array.isArray(raw.tenants) || raw.tenants.length === 0) fail('tenants must be a non-empty array');
  const slugs = new Set();
  const tenants = raw.tenants.map((t, i) => {
    const where = `tenants[${i}]`;
    const slug = nonEmptyString(t.slug, `${where}.slug`);
    if (!SLUG_RE.test(slug)) fail(`${where}.slug must match ${SLUG_RE}`);
    if (slug === 'healthz') fail(`${where}.slug "healthz" is reserved`);
    if (slugs.has(slug)) fail(`duplicate tenant slug "${slug}"`);
    slugs.add(slug);

    const users = Array.isArray(t.users) ? t.users : fail(`${where}.users must be an array`);
    const subs = new Set();
    const normUsers = users.map((u, j) => {
      const uw = `${where}.users[${j}]`;
      const user = {
        sub: nonEmptyString(u.sub, `${uw}.sub`),
        nip: nonEmptyString(u.nip, `${uw}.nip`),
        name: nonEmptyString(u.name, `${uw}.name`),
        email: nonEmptyString(u.email, `${uw}.email`),
        unit: typeof u.unit === 'string' ? u.unit : '',
        position: typeof u.position === 'string' ? u.position : '',
        roles: stringArray(u.roles, `${uw}.roles`, { required: false }),
        groups: stringArray(u.groups, `${uw}.groups`, { required: false }),
      };
      if (subs.has(user.sub)) fail(`${where}: duplicate user sub "${user.sub}"`);
      subs.add(user.sub);
      return user;
    });

    return {
      slug,
      client_id: nonEmptyString(t.client_id, `${where}.client_id`),
      client_secret: nonEmptyString(t.client_secret, `${where}.client_secret`),
      redirect_uris: stringArray(t.redirect_uris, `${where}.redirect_uris`),
      post_logout_redirect_uris: stringArray(t.post_logout_redirect_uris, `${where}.post_logout_redirect_uris`, { required: false }),
      users: normUsers,
    };
  });

  return { host, port, password, tenants, path: abs };
}
