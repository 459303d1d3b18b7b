// Makes docs/report.png: the report of the bundled fixtures (grouped by source) in headless
// chromium. `npx tsx scripts/report-screenshot.ts [out.png]`
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtures } from '../fixtures/index.js';
import { findChromium, launchChromium } from '../test/report/chromium.js';
import { collect } from '../test/report/helpers.js';
import { renderReportHtml } from '../src/report/index.js';

const out = process.argv[2] ?? 'docs/report.png';
const executable = findChromium();
if (executable === undefined) throw new Error('no chromium found: apt-get install -y chromium, or set CHROMIUM_PATH');

// The R1-Searcher traces as one group (they have retrieved documents), the rest one by one.
const lines = fixtures.map(({ id, response, messages, answer, entities, question }) =>
  JSON.stringify({ id, ...(id.startsWith('r1-2wiki') && { group: 'r1-searcher 2wiki' }), response, messages, answer, entities, question }),
);
const data = collect(lines);
data.title = 'longtrace-reward report · bundled fixtures';
const dir = mkdtempSync(join(tmpdir(), 'longtrace-report-shot-'));
const browser = await launchChromium(executable);
try {
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReportHtml(data));
  const page = await browser.newPage({ viewport: { width: 1440, height: 1150 } });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#summary .uplot');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
