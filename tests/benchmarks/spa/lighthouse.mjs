#!/usr/bin/env node
// Lighthouse (mobile preset, performance only) against Debian Chromium, headless: one fresh
// browser (cold cache, new profile) per run. Reads a plan as JSON from the file named by the
// first argument: {"chrome": "/usr/bin/chromium", "runs": 3, "pages": [{"name", "url",
// "cookie"}], "reports": "optional folder for each run's full report"}; prints one JSON line per run with the figures tests/benchmarks/bench_spa.py
// tabulates. A page behind sign-in carries its session cookie on every request (extraHeaders),
// so Lighthouse's storage reset between runs cannot sign it out.
import fs from 'node:fs';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const chromeFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const numeric = (lhr, id) => lhr.audits[id]?.numericValue ?? null;

for (const page of plan.pages) {
  for (let run = 1; run <= (plan.runs ?? 1); run += 1) {
    const chrome = await chromeLauncher.launch({
      chromePath: plan.chrome ?? '/usr/bin/chromium',
      chromeFlags,
    });
    try {
      const result = await lighthouse(page.url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
      });
      const lhr = result.lhr;
      if (plan.reports) {
        const file = `${plan.reports}/${page.name.replace(/[^a-z0-9]+/gi, '-')}-${run}.json`;
        fs.writeFileSync(file, JSON.stringify(lhr));
      }
      const requests = lhr.audits['network-requests']?.details?.items ?? [];
      const failure = lhr.runtimeError?.message ?? lhr.runWarnings?.find((w) => /status code/i.test(w));
      console.log(
        JSON.stringify({
          page: page.name,
          run,
          url: lhr.finalDisplayedUrl,
          score: lhr.categories.performance.score === null ? null : Math.round(lhr.categories.performance.score * 100),
          cls: numeric(lhr, 'cumulative-layout-shift'),
          lcp: numeric(lhr, 'largest-contentful-paint'),
          tbt: numeric(lhr, 'total-blocking-time'),
          fcp: numeric(lhr, 'first-contentful-paint'),
          transfer: numeric(lhr, 'total-byte-weight'),
          unusedJs: numeric(lhr, 'unused-javascript') === null
            ? null
            : (lhr.audits['unused-javascript'].details?.overallSavingsBytes ?? null),
          requests: requests.length,
          error: failure ?? null,
        }),
      );
    } finally {
      await chrome.kill();
    }
  }
}
