#!/usr/bin/env node
// Convenience wrapper for CI: start server.mjs with the given config, wait
// for its ready line, run selfcheck.mjs against it, stop the server, and exit
// with the selfcheck's status.
//
//   node infra/idp/check.mjs --config <path-to-config.json>
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

const server = spawn(process.execPath, [join(here, 'server.mjs'), ...args], {
  stdio: ['ignore', 'pipe', 'inherit'],
});

const ready = new Promise((resolveReady, reject) => {
  let buf = '';
  const timer = setTimeout(() => reject(new Error('IdP did not become ready within 15s')), 15000);
  server.stdout.on('data', (chunk) => {
    buf += chunk;
    process.stdout.write(chunk);
    if (buf.includes('IdP ready on ')) {
      clearTimeout(timer);
      resolveReady();
    }
  });
  server.on('exit', (code) => {
    clearTimeout(timer);
    reject(new Error(`IdP exited early with code ${code}`));
  });
});

let status = 1;
try {
  await ready;
  status = await new Promise((resolveCheck) => {
    const check = spawn(process.execPath, [join(here, 'selfcheck.mjs'), ...args], { stdio: 'inherit' });
    check.on('exit', (code) => resolveCheck(code ?? 1));
  });
} catch (err) {
  console.error(err.message);
} finally {
  if (server.exitCode === null) {
    const exited = new Promise((r) => { server.on('exit', r); });
    server.kill('SIGTERM');
    await exited;
  }
}
process.exit(status);
