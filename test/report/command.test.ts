import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../../fixtures/index.js';
import { readReportData, type ReportData, type ReportRollout } from '../../src/report/index.js';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, jsonLines, runCli, tempDir, toJsonl } from '../cli/helpers.js';
import { findChromium, launchChromium } from './chromium.js';

const rows = fixtures.map(({ id, response, messages, answer, entities, question }, i) => ({
  id, group: `g${Math.floor(i / 4)}`, ...(response !== undefined && { response }), ...(messages !== undefined && { messages }), answer, entities, question,
}));

const dataOf = (file: string): ReportData => readReportData(readFileSync(file, 'utf8'));

// Each test runs the built CLI once or twice: seconds on a loaded machine, so not the default 5 s.
describe('longtrace-reward report (built CLI)', { timeout: 60_000 }, () => {
  const { dir, cleanup } = tempDir();
  const input = join(dir, 'rollouts.jsonl');
  beforeAll(async () => {
    writeFileSync(input, toJsonl(rows));
    await ensureBuilt();
  }, 240_000);
  afterAll(cleanup);

  it('writes one self-contained page with every row, scored as score scores them', async () => {
    const out = join(dir, 'report.html');
    const run = await runCli(['report', input, '-o', out, '--eta', '0.5']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/wrote .*report\.html: 19 rows \(0 failed\)/);
    const scored = jsonLines((await runCli(['score', input, '--eta', '0.5', '--summary', 'none'])).stdout);
    const data = dataOf(out);
    expect(data.title).toBe('rollouts.jsonl');
    expect(data.options).toEqual({ eta: 0.5, groupBy: 'group' });
    expect((data.rows as ReportRollout[]).map((r) => [r.row, r.reward, r.advantage, r.verdict.method])).toEqual(
      scored.map((s) => [s.line, s.reward, s.advantage, s.method]),
    );
  });

  // The page script is the bundled function's source: check the built one runs too.
  it.skipIf(findChromium() === undefined)('the page the built CLI writes runs in chromium', async () => {
    const out = join(dir, 'built.html');
    expect((await runCli(['report', input, '-o', out])).code).toBe(0);
    const browser = await launchChromium(findChromium()!);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(out).href);
      await page.waitForSelector('#summary .uplot');
      const marks = await page.$$eval('mark[data-start]', (els) => els.length);
      expect(marks).toBeGreaterThan(20);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('score --report writes the same page beside unchanged JSONL', async () => {
    const out = join(dir, 'score-report.html');
    const plain = await runCli(['score', input, '--summary', 'none']);
    const withReport = await runCli(['score', input, '--summary', 'none', '--report', out]);
    expect(withReport.code).toBe(0);
    expect(withReport.stdout).toBe(plain.stdout);
    const data = dataOf(out);
    expect(data.rows.map((r) => ('error' in r ? null : r.reward))).toEqual(jsonLines(plain.stdout).map((s) => s.reward));
  });

  it('reads stdin; a failed row is in the page and makes the exit code 1', async () => {
    const out = join(dir, 'stdin.html');
    const run = await runCli(['report', '-', '-o', out], { input: toJsonl([rows[0], '{"broken"', rows[1]]) });
    expect(run.code).toBe(1);
    const data = dataOf(out);
    expect(data.title).toBe('stdin');
    expect(data.rows.map((r) => ('error' in r ? r.error.code : 'ok'))).toEqual(['ok', 'INVALID_JSON', 'ok']);
  });

  it.each([
    [['report', 'no-such-file.jsonl'], /cannot read no-such-file\.jsonl: no such file/],
    [['report', '__INPUT__', '-o', '__INPUT__'], /option --output: the output file is the input file/],
    [['report', '__INPUT__', '--eta', '2'], /option --eta: expected a number in \[0, 1\], got "2"/],
    [['score', '__INPUT__', '--report', '__INPUT__'], /option --report: the report would overwrite the input or the output/],
  ])('usage error: %j', async (args, message) => {
    const run = await runCli(args.map((a) => a.replace('__INPUT__', input)));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
