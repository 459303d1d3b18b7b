// The data report in a real browser (Debian's chromium via playwright-core, as the reward report's
// tests): the page is written by the CLI from rows the library built, then read back from the DOM
// and compared with each row's provenance and with the entity matcher run on the corpus documents.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/program.js';
import { fromTrainingRow, type DocumentStore, type TrainingRow } from '../../src/data/index.js';
import { createEntityMatcher, type GoldEntity } from '../../src/entities/index.js';
import { findChromium, launchChromium } from '../report/chromium.js';
import { countryRows, HOSTILE_TEXT, musiqueRows } from './rows.js';

const executable = findChromium();
if (executable === undefined) {
  console.warn('browser tests of the data report SKIPPED: no chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)');
}

interface Line { line: number; row: TrainingRow; corpus: DocumentStore }

describe.skipIf(executable === undefined)('the data report in chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'longtrace-data-report-'));
  const errors: string[] = [];
  const shown: Line[] = [];
  let hostileLine = 0;
  let drops = 0;

  beforeAll(async () => {
    // Every format, the hostile document, a country-graph walk with relation labels; then a line
    // that is not JSON and one that is not a training row, which must be skipped, not crash.
    const texts: string[] = [];
    for (const format of ['slime', 'verl', 'openrlhf', 'native'] as const) {
      const built = await musiqueRows({ format, hostile: true });
      for (const row of built.rows) {
        texts.push(JSON.stringify(row));
        shown.push({ line: texts.length, row, corpus: built.corpus });
        if (format === 'slime' && fromTrainingRow(row)?.provenance?.id === 'hostile') hostileLine = texts.length;
      }
    }
    const countries = await countryRows({ count: 4, budget: 2000, format: 'native' });
    for (const row of countries.rows) {
      texts.push(JSON.stringify(row));
      shown.push({ line: texts.length, row, corpus: countries.corpus });
    }
    texts.push('{ not json', JSON.stringify({ id: 'x', response: 'a rollout, not a training row' }));
    const rows = join(dir, 'train.jsonl');
    writeFileSync(rows, texts.join('\n') + '\n');
    writeFileSync(`${rows}.manifest.json`, JSON.stringify(countries.manifest));
    drops = Object.keys(countries.manifest.counts.dropped).length;
    const out = join(dir, 'data-report.html');
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      expect(await run(['node', 'longtrace-reward', 'data', 'report', rows, '-o', out, '--title', 'test <b>page</b>'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toContain(`${rows}:${texts.length - 1}: not JSON`);
    expect(stderr).toContain(`${rows}:${texts.length}: not a training row`);

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
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('[data-row]');
    await loadAll(shown.length);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Scrolls down until `n` rows are in the page: rows are drawn on demand as the reader scrolls. */
  async function loadAll(n: number): Promise<void> {
    await page.waitForFunction((count) => {
      window.scrollTo(0, document.body.scrollHeight);
      return document.querySelectorAll('[data-row]').length >= count;
    }, n, { polling: 100, timeout: 30_000 });
  }

  /** The corpus text of a document as its block holds it: title, newline, text. */
  const blockText = (corpus: DocumentStore, id: string): string => {
    const doc = corpus.find({ id });
    if (doc === undefined) throw new Error(`no corpus document ${id}`);
    return `${doc.title ?? ''}\n${doc.text ?? ''}`;
  };

  it('shows every training row and skips the two bad lines, counted', async () => {
    expect(await page.$$eval('[data-row]', (els) => els.map((e) => Number(e.getAttribute('data-row'))))).toEqual(shown.map((s) => s.line));
    expect(await page.locator('#meta').textContent()).toContain('2 lines skipped');
  });

  it('each row: document ids and tiers in context order equal its provenance', async () => {
    for (const { line, row } of shown) {
      const p = fromTrainingRow(row)!.provenance!;
      const tierOf = new Map<string, string>();
      for (const tier of ['gold', 'tier1', 'tier2', 'pool'] as const) for (const id of p.docs[tier]) tierOf.set(id, tier);
      const expected = p.order!.map((id) => [id, tierOf.get(id)]);
      const onPage = await page.$$eval(`[data-row="${line}"] details.doc`, (els) => els.map((e) => [e.getAttribute('data-doc'), e.getAttribute('data-tier')]));
      expect(onPage, `line ${line}`).toEqual(expected);
      // The gold documents stand where the provenance's goldPositions say.
      expect(onPage.flatMap((d, i) => (d[1] === 'gold' ? [i] : []))).toEqual([...p.goldPositions].sort((a, b) => a - b));
    }
  });

  it("each document's marks are the matcher's mentions of the chain entities, and slice back", async () => {
    let total = 0;
    for (const { line, row, corpus } of shown) {
      const parts = fromTrainingRow(row)!;
      const matcher = createEntityMatcher(parts.entities as GoldEntity[]);
      const ids = parts.provenance!.order!;
      const expected = ids.flatMap((id, n) =>
        matcher.match(blockText(corpus, id)).flatMap((hit, k) => hit.mentions.map((m) => `${n},${m.start},${m.end},${k}`)),
      ).sort();
      const drawn = await page.$$eval(`[data-row="${line}"] details.doc`, (docs) => {
        const found = new Set<string>();
        docs.forEach((d, n) => {
          for (const m of Array.from(d.querySelectorAll('mark[data-start]'))) {
            const whole = m.getAttribute('data-split');
            found.add(`${n},${whole === null ? `${m.getAttribute('data-start')},${m.getAttribute('data-end')}` : whole.replace(':', ',')},${m.getAttribute('data-entity')}`);
          }
        });
        return [...found].sort();
      });
      expect(drawn, `line ${line}`).toEqual(expected);
      const texts = ids.map((id) => blockText(corpus, id));
      const wrong = await page.$$eval(`[data-row="${line}"] details.doc`, (docs, bodies) => {
        const bad: string[] = [];
        docs.forEach((d, n) => {
          if (d.querySelector('.text')!.textContent !== bodies[n]) bad.push(`doc ${n}: text differs`);
          for (const m of Array.from(d.querySelectorAll('mark[data-start]'))) {
            const s = Number(m.getAttribute('data-start'));
            const e = Number(m.getAttribute('data-end'));
            if (m.textContent !== bodies[n]!.slice(s, e)) bad.push(`doc ${n} ${s},${e}: ${m.textContent}`);
          }
        });
        return bad;
      }, texts);
      expect(wrong, `line ${line}`).toEqual([]);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(50);
  });

  it('a hostile document is shown as text and runs nothing; nothing leaves the page', async () => {
    const row = page.locator(`[data-row="${hostileLine}"]`);
    expect(await row.locator('details.doc[data-tier="gold"]').getAttribute('data-doc')).toBe('hostile"<doc>');
    expect(await row.locator('details.doc[data-tier="gold"] .text').textContent()).toContain(HOSTILE_TEXT.slice(0, 60));
    await row.locator('details.doc[data-tier="gold"] summary').click();
    await row.locator('details.doc[data-tier="gold"] summary').click();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#rows img, #rows iframe, #rows a, #rows script, #rows textarea').count()).toBe(0);
    expect(await page.title()).toBe('test <b>page</b>');
    // uPlot draws prompt tokens, gold depth, hops, tier source, and the manifest's drops when there are any.
    expect(await page.locator('#summary .uplot').count()).toBe(drops > 0 ? 5 : 4);
    expect(await page.locator('#summary table.tierbars .bar').count()).toBe(4);
    expect(errors).toEqual([]);
  });

  it('documents are collapsed (gold open), their text still in the page', async () => {
    const first = shown[0]!.line;
    const closed = page.locator(`[data-row="${first}"] details.doc:not([open])`).first();
    expect(await closed.locator('.text').isHidden()).toBe(true);
    expect((await closed.locator('.text').textContent())!.length).toBeGreaterThan(20);
    expect(await page.locator(`[data-row="${first}"] details.doc[data-tier="gold"][open]`).count()).toBeGreaterThan(0);
  });

  it('filters by hops and tier source, and searches', async () => {
    // The least common hop count, so the filter must leave rows out.
    const hopsOf = (row: TrainingRow): number => {
      const parts = fromTrainingRow(row)!;
      return parts.provenance!.path.length || (parts.entities ?? []).length;
    };
    const counts = new Map<number, number>();
    for (const s of shown) counts.set(hopsOf(s.row), (counts.get(hopsOf(s.row)) ?? 0) + 1);
    const rare = [...counts].sort((a, b) => a[1] - b[1])[0]![0];
    const expected = shown.filter((s) => hopsOf(s.row) === rare).map((s) => s.line);
    expect(expected.length).toBeLessThan(shown.length);
    await page.selectOption('#f-hops', String(rare));
    await page.waitForFunction((n) => document.querySelectorAll('[data-row]').length === n, expected.length);
    expect(await page.$$eval('[data-row]', (els) => els.map((e) => Number(e.getAttribute('data-row'))))).toEqual(expected);
    await page.selectOption('#f-hops', '');
    await page.fill('#f-search', 'psychotherapy integration');
    await page.waitForFunction(() => document.querySelectorAll('[data-row]').length === 4);
    await page.fill('#f-search', '');
    await page.selectOption('#f-source', 'bm25');
    await loadAll(shown.length);
  });
});
