import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkRows, createInlineScorer, workerEntry } from './scorer.js';

describe('chunkRows', () => {
  const len = (s: string): number => s.length;

  it.each([
    [[], 4, []],
    [['a'], 4, [['a']]],
    [['a', 'b', 'c'], 1, [['a', 'b', 'c']]],
    [['a', 'b', 'c'], 8, [['a'], ['b'], ['c']]],
    [['aaaa', 'a', 'a', 'a', 'a'], 2, [['aaaa'], ['a', 'a', 'a', 'a']]],
    [['a', 'a', 'a', 'a', 'aaaa'], 2, [['a', 'a', 'a', 'a'], ['aaaa']]],
    [['a', 'a', 'a', 'a', 'a', 'a'], 3, [['a', 'a'], ['a', 'a'], ['a', 'a']]],
  ])('%j in %i parts → %j', (rows, parts, expected) => {
    expect(chunkRows(rows, parts, len)).toEqual(expected);
  });

  it('keeps every row once, in order, in at most `parts` non-empty chunks', () => {
    for (let n = 1; n < 40; n++) {
      const rows = Array.from({ length: n }, (_, i) => 'x'.repeat(((i * 7919) % 13) + 1));
      for (const parts of [1, 2, 3, 5, 16]) {
        const chunks = chunkRows(rows, parts, len);
        expect(chunks.flat()).toEqual(rows);
        expect(chunks.length).toBe(Math.min(parts, n));
        expect(chunks.every((c) => c.length > 0)).toBe(true);
      }
    }
  });
});

describe('workerEntry', () => {
  it('prefers the built worker beside the bundle and starts it without a loader', () => {
    const dir = mkdtempSync(join(tmpdir(), 'longtrace-worker-'));
    try {
      writeFileSync(join(dir, 'server-worker.cjs'), 'module.exports = () => [];');
      writeFileSync(join(dir, 'worker.ts'), '');
      expect(workerEntry(dir)).toEqual({ filename: join(dir, 'server-worker.cjs') });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('from src/ runs worker.ts with tsx registered in the thread', () => {
    const entry = workerEntry(join(process.cwd(), 'src/server'));
    expect(entry.filename).toBe(join(process.cwd(), 'src/server/worker.ts'));
    if (entry.execArgv !== undefined) expect(entry.execArgv).toEqual(['--import', expect.stringMatching(/^file:.*tsx/)]);
  });

  it('says what is missing when there is no worker at all', () => {
    expect(() => workerEntry(tmpdir())).toThrow(/scoring worker is missing/);
  });
});

describe('createInlineScorer', () => {
  it('stops between rows once the signal aborts, with the signal’s reason', async () => {
    const scorer = createInlineScorer();
    const controller = new AbortController();
    const row = { input: { response: '\\boxed{x}', answer: 'x', entities: ['x'] }, options: {} };
    const reason = new Error('deadline');
    const run = scorer.run({ kind: 'score', rows: [row, row, row], detail: 'numbers' }, controller.signal);
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    expect(scorer.stats().inFlight).toBe(0);
  });

  it('returns a row’s error as data', async () => {
    const scorer = createInlineScorer();
    const [outcome] = await scorer.run({ kind: 'score', rows: [{ input: { response: 'x', answer: ' ', entities: ['x'] }, options: {} }], detail: 'numbers' }, new AbortController().signal);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_GOLD_ANSWER', issues: [{ path: ['answer'] }] } });
  });
});
