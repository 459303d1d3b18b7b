import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { OutputRecord } from '../../rows/grouper.js';
import { EntityTally, renderSummary, SummaryStats } from './summary.js';

const scored = (reward: number, hits: string[], missed: string[], extra: Partial<OutputRecord> = {}): OutputRecord => ({
  line: 1, reward, outcome: reward > 0 ? 1 : 0, rubric: 0, recall: hits.length / (hits.length + missed.length),
  correct: reward > 0, gated: reward === 0, method: 'exact', extracted: 'x', hits, missed, ...extra,
});

describe('SummaryStats', () => {
  it('sums rows, errors per code, shares and means over scored rows', () => {
    const stats = new SummaryStats();
    stats.add(scored(1, ['A', 'B'], []));
    stats.add(scored(0, ['A'], ['B']));
    stats.add({ line: 3, error: { code: 'INVALID_JSON', message: 'x', path: '' } });
    const s = stats.toJSON({ groups: 1, reappearedGroups: 0, seconds: 2, top: 10 });
    expect(s).toMatchObject({
      rows: 3, scored: 2, errors: 1, errorCodes: { INVALID_JSON: 1 }, groups: 1,
      meanReward: 0.5, correctShare: 0.5, gatedShare: 0.5, meanRecall: 0.75, seconds: 2, rowsPerSecond: 2,
      entities: [{ name: 'A', rows: 2, hits: 2, hitRate: 1 }, { name: 'B', rows: 2, hits: 1, hitRate: 0.5 }],
      entitiesApproximate: false,
    });
  });

  it('gives null means when nothing was scored', () => {
    expect(new SummaryStats().toJSON({ groups: 0, reappearedGroups: 0, seconds: 0, top: 5 })).toMatchObject({ meanReward: null, meanRecall: null, rowsPerSecond: 0 });
  });

  it('renders a table without colours when they are off', () => {
    const stats = new SummaryStats();
    stats.add(scored(1, ['Cologne'], []));
    const text = renderSummary({ ...stats.toJSON({ groups: 0, reappearedGroups: 0, seconds: 1, top: 3 }), peakRssMb: 80 }, pc.createColors(false));
    expect(text).toContain('  mean reward  1.000\n');
    expect(text).toContain('peak memory 80 MB');
    expect(text).toMatch(/Cologne +1 +100\.0 %/);
  });
});

describe('the failed rows and the output file', () => {
  const error = (line: number, code: string): OutputRecord => ({ line, error: { code, message: 'x', path: '' } });

  it.each([
    [[], [], undefined],
    [[error(7, 'INVALID_JSON')], [{ line: 7, code: 'INVALID_JSON' }], '1 row failed; first: line 7 INVALID_JSON'],
    [
      [error(7, 'INVALID_JSON'), error(9, 'INVALID_INPUT'), error(12, 'EMPTY_LINE'), error(30, 'INVALID_JSON')],
      [{ line: 7, code: 'INVALID_JSON' }, { line: 9, code: 'INVALID_INPUT' }, { line: 12, code: 'EMPTY_LINE' }],
      '4 rows failed; first: line 7 INVALID_JSON, line 9 INVALID_INPUT, line 12 EMPTY_LINE',
    ],
  ])('%#: keeps the first three failed lines and names them', (errors, first, line) => {
    const stats = new SummaryStats();
    stats.add(scored(1, ['A'], []));
    for (const e of errors) stats.add(e);
    const s = stats.toJSON({ groups: 0, reappearedGroups: 0, seconds: 1, top: 3, output: 'out.jsonl' });
    expect(s.firstErrors).toEqual(first);
    const text = renderSummary(s, pc.createColors(false));
    expect(text).toContain(`  output       out.jsonl  (${errors.length === 0 ? '1 line' : `${1 + errors.length} lines`})\n`);
    if (line === undefined) expect(text).not.toContain('failed');
    else expect(text).toContain(`  failed       ${line}\n`);
  });

  it('names no output file when the results went to stdout', () => {
    const s = new SummaryStats().toJSON({ groups: 0, reappearedGroups: 0, seconds: 1, top: 3 });
    expect(s.output).toBeNull();
    expect(renderSummary(s, pc.createColors(false))).not.toContain('output');
  });
});

describe('EntityTally', () => {
  it('stays under its cap by dropping the rarest names, and says so', () => {
    const tally = new EntityTally(4);
    for (let i = 0; i < 3; i += 1) tally.add('frequent', i > 0);
    for (const name of ['r1', 'r2', 'r3', 'r4', 'r5']) tally.add(name, true);
    expect(tally.top(10).length).toBeLessThanOrEqual(4);
    expect(tally.top(1)).toEqual([{ name: 'frequent', rows: 3, hits: 2, hitRate: 2 / 3 }]);
    expect(tally.approximate).toBe(true);
  });
});
