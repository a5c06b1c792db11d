#!/usr/bin/env node
// Initial JS budget: gzip every JS file the browser loads up front for
// dist/index.html (entry scripts, their modulepreloads, and, from Vite's
// manifest, the entry's static imports, transitively) and fail over budget.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const BUDGET_KB = 300;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const htmlPath = path.join(dist, 'index.html');

if (!fs.existsSync(htmlPath)) {
  console.error(`size: ${htmlPath} not found; run "npm run build" first`);
  process.exit(2);
}

const html = fs.readFileSync(htmlPath, 'utf8');
const files = new Set();

/** Map a URL from index.html (base '/') to a file in dist/, or null if external. */
function toDistFile(url) {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return null;
  const clean = url.split(/[?#]/)[0].replace(/^\//, '');
  return path.join(dist, clean);
}

// <script type="module" src="..."> and <link rel="modulepreload" href="...">
for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
  const isScript = /^<script/i.test(tag);
  const isPreload = /\brel=["']?modulepreload\b/i.test(tag);
  if (!isScript && !isPreload) continue;
  const url = tag.match(isScript ? /\bsrc=["']([^"']+)["']/i : /\bhref=["']([^"']+)["']/i)?.[1];
  const file = url && toDistFile(url);
  if (file && file.endsWith('.js')) files.add(file);
}

// The manifest also knows static imports that index.html does not list.
const manifestPath = path.join(dist, '.vite', 'manifest.json');
if (fs.existsSync(manifestPath)) {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    const chunk = manifest[key];
    if (chunk.file.endsWith('.js')) files.add(path.join(dist, chunk.file));
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) {
    if (chunk.isEntry) visit(key);
  }
}

if (files.size === 0) {
  console.error('size: found no JS loaded by dist/index.html');
  process.exit(2);
}

let total = 0;
for (const file of [...files].sort()) {
  if (!fs.existsSync(file)) {
    console.error(`size: ${path.relative(dist, file)} is referenced but missing`);
    process.exit(2);
  }
  const raw = fs.readFileSync(file);
  const gz = zlib.gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(
    `  ${path.relative(dist, file)}  ${(raw.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped`,
  );
}

const totalKb = total / 1024;
console.log(`initial JS gzipped: ${totalKb.toFixed(1)} KB`);
if (totalKb > BUDGET_KB) {
  console.error(`size: over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
