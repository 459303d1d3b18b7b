// The report in a real browser: Debian's chromium driven by playwright-core. .ci/run installs
// chromium when it is missing, so in CI these tests always run; elsewhere they skip, saying why.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixturesWith, type Fixture } from '../../fixtures/index.js';
import { rubricReward, splitMessages } from '../../src/index.js';
import { renderReportHtml } from '../../src/report/index.js';
import { findChromium, launchChromium } from './chromium.js';
import { collect } from './helpers.js';

const executable = findChromium();
if (executable === undefined) {
  console.warn('browser tests of the report SKIPPED: no chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)');
}

// A CJK chain, accented names, retrieved documents, a chat, a wrong answer: all real fixtures.
const picked: Fixture[] = [fixture('hand-cjk'), ...fixturesWith('accents'), ...fixturesWith('documents').slice(0, 2), ...fixturesWith('messages'), ...fixturesWith('wrong').slice(0, 2)]
  .filter((f, i, all) => all.findIndex((g) => g.id === f.id) === i);
const HOSTILE = '</script><img src=x onerror="window.pwned=1"><script>window.pwned=1</script>';
const LONG = `<think>Cologne ${'and then some words that mention nothing at all '.repeat(300)}lies on the Rhine.</think> \\boxed{North Sea}`;

const lines = [
  ...picked.map(({ id, response, messages, answer, entities, question }) => JSON.stringify({ id, response, messages, answer, entities, question })),
  JSON.stringify({ id: 'hostile', response: `${HOSTILE} Rhine ${HOSTILE}`, answer: 'Rhine', entities: [HOSTILE, 'Rhine'] }),
  JSON.stringify({ id: 'long', response: LONG, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] }),
];
// A training row (no response yet) with its context's documents: shown with its context bar.
const TRAINING = JSON.stringify({
  id: 'training', question: 'Q?', answer: 'A', entities: ['A'],
  context: { documents: [{ id: 'd1', tier: 'tier1', tokens: 300 }, { id: 'd2', tier: 'gold', tokens: 100 }, { id: 'd3', tier: 'pool', tokens: 600 }] },
});
/** The text of each line and its mentions, from the scorer itself: `[start, end, entity]`. */
const expected = lines.map((line) => {
  const row = JSON.parse(line) as { response?: string; messages?: Fixture['messages']; answer: Fixture['answer']; entities: Fixture['entities']; question?: string };
  const text = row.response ?? splitMessages(row.messages!).text;
  const result = rubricReward({ response: row.response, messages: row.messages, answer: row.answer, entities: row.entities, question: row.question });
  const mentions = result.rubricDetail.entities.flatMap((e, i) => e.mentions.map((m) => `${m.start},${m.end},${i}`));
  return { text, mentions: mentions.sort(), correct: result.verdict.correct };
});

// A browser on a loaded machine can take more than the default 5 s for a step.
describe.skipIf(executable === undefined)('the report in chromium', { timeout: 30_000 }, () => {
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'longtrace-report-'));
  const errors: string[] = [];

  beforeAll(async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(collect([...lines, TRAINING])));
    browser = await launchChromium(executable!);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // Offline: any request that is not the file itself fails the test below.
    await page.route(/^(?!file:)/, (route) => {
      errors.push(`network request: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('[data-row]');
    await loadAll(lines.length + 1);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Scrolls down until `n` rollouts are in the page: rows are rendered on demand as the reader scrolls. */
  async function loadAll(n: number): Promise<void> {
    await page.waitForFunction((count) => {
      window.scrollTo(0, document.body.scrollHeight);
      return document.querySelectorAll('[data-row]').length >= count;
    }, n, { polling: 100, timeout: 20_000 });
  }

  /** The mentions drawn in the rollout of `row`, split parts taken whole; and whether every mark slices back. */
  const drawn = (row: number) =>
    page.$$eval(`[data-row="${row}"] mark[data-start]`, (marks, text) => {
      const mentions = new Set<string>();
      const wrong: string[] = [];
      for (const m of marks) {
        const start = Number(m.getAttribute('data-start'));
        const end = Number(m.getAttribute('data-end'));
        if (m.textContent !== text.slice(start, end)) wrong.push(`${start},${end}: ${m.textContent}`);
        const whole = m.getAttribute('data-split');
        mentions.add(`${whole === null ? `${start},${end}` : whole.replace(':', ',')},${m.getAttribute('data-entity')}`);
      }
      return { mentions: [...mentions].sort(), wrong };
    }, expected[row - 1]!.text);

  it.each(lines.map((_, i) => [i + 1, (JSON.parse(lines[i]!) as { id: string }).id] as const))('line %i (%s): every mention is a mark that slices back', async (row) => {
    const { mentions, wrong } = await drawn(row);
    expect(wrong).toEqual([]);
    expect(mentions).toEqual(expected[row - 1]!.mentions);
    expect(mentions.length).toBeGreaterThan(0);
  });

  it('draws the summary with uPlot, loads nothing, and runs no injected code', async () => {
    expect(await page.locator('#summary .uplot').count()).toBe(3);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#rows img').count()).toBe(0);
    expect(await page.locator('[data-row="' + (lines.length - 1) + '"] .text').textContent()).toContain(HOSTILE);
    expect(errors).toEqual([]);
  });

  it('a filter shows only the wrong rollouts; a search finds one by its text', async () => {
    await page.selectOption('#f-show', 'wrong');
    const wrongRows = expected.flatMap((e, i) => (e.correct ? [] : [String(i + 1)]));
    expect(await page.$$eval('[data-row]', (els) => els.map((e) => e.getAttribute('data-row')))).toEqual(wrongRows);
    await page.selectOption('#f-show', 'all');
    await page.fill('#f-search', '北京');
    await page.waitForFunction(() => document.querySelectorAll('[data-row]').length === 1);
    await page.fill('#f-search', '');
    await loadAll(lines.length + 1);
  });

  it('a training row shows its context: documents in order, width by tokens, gold marked', async () => {
    const docs = page.locator(`[data-row="${lines.length + 1}"] .docbar .doc`);
    expect(await docs.evaluateAll((els) => els.map((e) => [e.className, (e as HTMLElement).style.width]))).toEqual([
      ['doc tier-tier1', '30%'], ['doc tier-gold', '10%'], ['doc tier-pool', '60%'],
    ]);
    expect(await page.locator(`[data-row="${lines.length + 1}"] .docs`).textContent()).toContain('gold at 2');
  });

  it('a long stretch without mentions is folded and opens on click', async () => {
    const long = page.locator(`[data-row="${lines.length}"]`);
    await long.scrollIntoViewIfNeeded();
    expect(await long.locator('.folded').count()).toBe(1);
    expect(await long.locator('.folded').isHidden()).toBe(true);
    await long.locator('button.unfold').click();
    expect(await long.locator('.folded').isVisible()).toBe(true);
    expect(await long.locator('.text').textContent()).toContain(LONG.slice(1000, 1100));
  });

  it('a screenshot is not blank', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const png = await page.screenshot();
    // Decoded by the browser itself: count the colours of a sample of pixels.
    const { colours, nonWhite } = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const pixels = ctx.getImageData(0, 0, img.width, img.height).data;
      const seen = new Set<number>();
      let busy = 0;
      for (let i = 0; i < pixels.length; i += 4 * 7) {
        seen.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
        if (pixels[i]! < 235 || pixels[i + 1]! < 235 || pixels[i + 2]! < 235) busy += 1;
      }
      return { colours: seen.size, nonWhite: busy / (pixels.length / 4 / 7) };
    }, png.toString('base64'));
    expect(colours).toBeGreaterThan(50);
    expect(nonWhite).toBeGreaterThan(0.05);
  });
});
