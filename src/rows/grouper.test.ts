import { describe, expect, it } from 'vitest';
import { groupRewards } from '../index.js';
import { Grouper, isError, type GrouperOptions, type OutputRecord } from './grouper.js';
import { scoreLine, type Row } from './score-row.js';

const context = { defaults: {}, groupBy: 'group' };
let line = 0;
/** A scored row of `group` (or none); `right` says whether its answer is correct. */
function row(group: string | number | undefined, right = true, chain = 'Cologne'): Row {
  line += 1;
  const value = { group, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'], response: `<think>${chain}</think> ${right ? 'North Sea' : 'Baltic Sea'}` };
  return scoreLine(JSON.stringify(value), line, context);
}
const broken = (group?: string): Row => {
  line += 1;
  return group === undefined ? scoreLine('{', line, context) : scoreLine(JSON.stringify({ group, answer: 'x' }), line, context);
};

function setup(options: GrouperOptions = {}) {
  const out: OutputRecord[] = [];
  const events: string[] = [];
  const grouper = new Grouper(
    {
      emit: (r) => out.push(r),
      reappeared: (g, l, first) => events.push(`reappeared ${String(g.value)} at ${l}${first ? ' (first)' : ''}`),
      cut: (g, l, first) => events.push(`cut ${String(g.value)} at ${l}${first ? ' (first)' : ''}`),
    },
    options,
  );
  return { grouper, out, events };
}

const lines = (out: OutputRecord[]) => out.map((r) => r.line);

describe('Grouper', () => {
  it('emits a row without a group at once', () => {
    const { grouper, out } = setup();
    grouper.push(row(undefined));
    expect(out).toHaveLength(1);
    expect(out[0]).not.toHaveProperty('advantage');
  });

  it('holds a group until a row of another group arrives, then emits it in order with groupRewards', () => {
    const { grouper, out } = setup();
    const rows = [row('q', true, 'Cologne Rhine'), row('q', true), row('q', false)];
    rows.forEach((r) => grouper.push(r));
    expect(out).toHaveLength(0);
    grouper.push(row('other'));
    expect(lines(out)).toEqual(rows.map((r) => r.line));
    const expected = groupRewards(rows.map((r) => (r.kind === 'scored' ? r.result : { outcome: 0, rubric: 0 })));
    expect(out.map((r) => (isError(r) ? null : r.reward))).toEqual(expected.rewards);
    expect(out.map((r) => (isError(r) ? null : r.advantage))).toEqual(expected.advantages);
    // recall 1, 2/3, 1/3 (the final answer names North Sea); the best is 1
    expect(out.map((r) => (isError(r) ? null : r.rubric))).toEqual([1, 2 / 3, 1 / 3]);
    grouper.end();
    expect(out).toHaveLength(4);
    expect(grouper.groups).toBe(2);
  });

  it('closes a group when a row without a group arrives', () => {
    const { grouper, out } = setup();
    grouper.push(row('q'));
    grouper.push(row(undefined));
    expect(out.map((r) => 'advantage' in r)).toEqual([true, false]);
  });

  it('keeps failed rows in place without ending the group, unless they name another group', () => {
    const { grouper, out } = setup();
    const rows = [row('q'), broken(), row('q', false), broken('q'), broken('other'), row(undefined)];
    rows.forEach((r) => grouper.push(r));
    expect(lines(out)).toEqual(rows.map((r) => r.line));
    expect(grouper.groups).toBe(1);
    expect(out.map((r) => (isError(r) ? 'error' : 'advantage' in r ? 'grouped' : 'alone'))).toEqual(['grouped', 'error', 'grouped', 'error', 'error', 'alone']);
  });

  it('reports a group id that comes back, the first time as first', () => {
    const { grouper, events } = setup();
    for (const g of ['a', 'b', 'a', 'b', 1, '1']) grouper.push(row(g));
    grouper.end();
    expect(events).toEqual([`reappeared a at ${line - 3} (first)`, `reappeared b at ${line - 2}`]);
    expect(grouper.reappeared).toBe(2);
    expect(grouper.groups).toBe(6);
  });

  it('forgets the oldest group ids beyond rememberGroups', () => {
    const { grouper, events } = setup({ rememberGroups: 2 });
    for (const g of ['a', 'b', 'c', 'a']) grouper.push(row(g));
    expect(events).toEqual([]);
  });

  it('cuts a group at maxGroupSize, without calling the rest a reappearance', () => {
    const { grouper, out, events } = setup({ maxGroupSize: 2 });
    for (let i = 0; i < 5; i += 1) grouper.push(row('q', i % 2 === 0));
    grouper.end();
    expect(events).toEqual([`cut q at ${line - 3} (first)`, `cut q at ${line - 1}`]);
    expect(grouper.groups).toBe(3);
    expect(out.map((r) => (isError(r) ? null : r.advantage))).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number), 0]);
  });

  it('uses the raw rubric with normalizeRubric false', () => {
    const { grouper, out } = setup({ normalizeRubric: false });
    grouper.push(row('q', true));
    grouper.end();
    expect(out[0]).toMatchObject({ rubric: 2 / 3, recall: 2 / 3, reward: 0.7 + 0.3 * (2 / 3) });
  });
});
