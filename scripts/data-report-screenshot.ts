// Makes docs/data-report.png: the data report of rows built from the bundled fixtures (the country
// graph and the MuSiQue paragraphs) in headless chromium. `npx tsx scripts/data-report-screenshot.ts [out.png]`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataReportCollector, writeDataReport } from '../src/report/training-rows/index.js';
import { findChromium, launchChromium } from '../test/report/chromium.js';
import { countryRows, musiqueRows } from '../test/data-report/rows.js';

const out = process.argv[2] ?? 'docs/data-report.png';
const executable = findChromium();
if (executable === undefined) throw new Error('no chromium found: apt-get install -y chromium, or set CHROMIUM_PATH');

const musique = await musiqueRows({ format: 'slime', budget: 3000 });
const countries = await countryRows({ count: 40, budget: 2500, format: 'slime' });
const collector = new DataReportCollector({ title: 'longtrace-reward data report · country-graph + MuSiQue rows (bundled fixtures)' });
[...countries.rows, ...musique.rows].forEach((row, i) => collector.add(row, i + 1));
collector.setManifest({
  questions: musique.manifest.counts.questions + countries.manifest.counts.questions,
  kept: musique.manifest.counts.kept + countries.manifest.counts.kept,
  dropped: musique.manifest.counts.dropped,
  distractorsDropped: countries.manifest.counts.distractorsDropped,
});
const dir = mkdtempSync(join(tmpdir(), 'longtrace-data-report-shot-'));
const browser = await launchChromium(executable);
try {
  const file = join(dir, 'data-report.html');
  await writeDataReport(file, collector.data());
  const page = await browser.newPage({ viewport: { width: 1440, height: 1500 } });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#summary .uplot');
  await page.waitForSelector('[data-row]');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
