// `longtrace-reward score` on real files, run as the built binary: row shapes, groups, stdin,
// -o, the summary, and the options that change rewards.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupRewards, rubricReward } from '../../src/index.js';
import { toRewardRequest } from '../../src/schema.js';
import { ensureBuilt, jsonLines, runCli, tempDir, toJsonl, type CliRun } from './helpers.js';

const chain = ['Cologne', 'Rhine', 'North Sea'];
const GOOD_ROWS = [
  { id: 'a1', group: 'q1', question: 'Into which sea does the river that flows through Cologne empty?', answer: 'North Sea', entities: chain,
    response: '<think>Cologne lies on the Rhine. The Rhine flows into the North Sea.</think>\nThe answer is \\boxed{North Sea}.' },
  { id: 'a2', group: 'q1', answer: 'North Sea', entities: chain,
    response: '<think>Cologne is in Germany, and its river reaches the North Sea.</think>\n\\boxed{North Sea}' },
  { id: 'a3', group: 'q1', answer: 'North Sea', entities: chain,
    response: '<think>Cologne lies on the Rhine, which I think ends in the Baltic.</think>\n\\boxed{Baltic Sea}' },
  { id: 'b1', answer: ['Paris', 'City of Light'], entities: ['France', 'Paris'],
    messages: [{ role: 'user', content: 'Capital of France?' }, { role: 'assistant', reasoning_content: 'The capital of France is Paris.', content: 'Paris' }] },
  { group: 'g2', label: 'Rome', extra_reward_info: { question: 'Capital of Italy?', rubrics: ['Italy', 'Rome'] },
    response: '<think>Italy has its capital in Rome.</think> Rome' },
  { group: 'g2', label: 'Rome', extra_reward_info: { question: 'Capital of Italy?', rubrics: ['Italy', 'Rome'] },
    history: [{ role: 'user', content: 'Capital of Italy?' }, { role: 'assistant', reasoning_content: 'Italy, I believe.', content: 'Milan' }] },
  { id: 7, group: 7, answer: '4', entities: ['2'], response: '<think>2 + 2</think> 4' },
  { id: '7', group: '7', answer: '4', entities: ['2'], response: '<think>two and two</think> 4' },
];

let dir: string;
let cleanup: () => void;
let goodFile: string;
let fromFile: CliRun;

beforeAll(async () => {
  await ensureBuilt();
  ({ dir, cleanup } = tempDir());
  goodFile = join(dir, 'good.jsonl');
  writeFileSync(goodFile, toJsonl(GOOD_ROWS));
  fromFile = await runCli(['score', goodFile, '--summary', 'json']);
}, 240_000);
afterAll(() => cleanup());

/** What the library itself gives a list of rows scored as one group. */
function expectedGroup(rows: readonly unknown[], options: { eta?: number; strategy?: 'mixed' } = {}) {
  const results = rows.map((row) => {
    const request = toRewardRequest(row, options);
    return rubricReward(request.input, request.options);
  });
  return { results, ...groupRewards(results, options) };
}

describe('score: good rows', () => {
  it('writes one result per input line, in order, and exits 0', () => {
    expect(fromFile.code).toBe(0);
    const out = jsonLines(fromFile.stdout);
    expect(out.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(out.map((r) => r.id)).toEqual(['a1', 'a2', 'a3', 'b1', undefined, undefined, 7, '7']);
    expect(out.every((r) => !('error' in r))).toBe(true);
  });

  it('pins the shape of a grouped result', () => {
    const [first] = jsonLines(fromFile.stdout);
    expect(Object.keys(first ?? {})).toEqual([
      'id', 'line', 'group', 'reward', 'advantage', 'outcome', 'rubric', 'recall', 'correct', 'gated', 'method', 'extracted', 'hits', 'missed',
    ]);
    expect(first).toMatchObject({ id: 'a1', group: 'q1', outcome: 1, correct: true, gated: false, method: 'exact', extracted: 'North Sea', hits: chain, missed: [] });
  });

  it('gives the rows of a group the rewards and advantages of groupRewards', () => {
    const out = jsonLines(fromFile.stdout).slice(0, 3);
    const expected = expectedGroup(GOOD_ROWS.slice(0, 3));
    out.forEach((row, i) => {
      expect(row.reward).toBeCloseTo(expected.rewards[i] ?? Number.NaN, 12);
      expect(row.advantage).toBeCloseTo(expected.advantages[i] ?? Number.NaN, 12);
      expect(row.recall).toBeCloseTo(expected.results[i]?.rubric ?? Number.NaN, 12);
    });
    expect(out.map((r) => r.hits)).toEqual([chain, ['Cologne', 'North Sea'], ['Cologne', 'Rhine']]);
    expect(out.map((r) => r.missed)).toEqual([[], ['Rhine'], ['North Sea']]);
    expect(out.map((r) => r.gated)).toEqual([false, false, true]);
  });

  it('scores a row without a group on its own, without an advantage', () => {
    const row = jsonLines(fromFile.stdout)[3];
    const request = toRewardRequest(GOOD_ROWS[3]);
    expect(row).not.toHaveProperty('advantage');
    expect(row).not.toHaveProperty('group');
    expect(row?.reward).toBe(rubricReward(request.input, request.options).reward);
  });

  it('groups LongTraceRL bodies by their top-level group field too', () => {
    const out = jsonLines(fromFile.stdout).slice(4, 6);
    const expected = expectedGroup(GOOD_ROWS.slice(4, 6));
    expect(out.map((r) => r.group)).toEqual(['g2', 'g2']);
    expect(out.map((r) => r.correct)).toEqual([true, false]);
    out.forEach((row, i) => expect(row.advantage).toBeCloseTo(expected.advantages[i] ?? Number.NaN, 12));
  });

  it('tells group 7 from group "7"', () => {
    const out = jsonLines(fromFile.stdout).slice(6);
    expect(out.map((r) => r.group)).toEqual([7, '7']);
    expect(out.map((r) => r.advantage)).toEqual([0, 0]); // two groups of one
  });

  it('prints the summary as JSON on stderr with --summary json', () => {
    const summary = JSON.parse(fromFile.stderr) as Record<string, unknown>;
    const rewards = jsonLines(fromFile.stdout).map((r) => r.reward as number);
    expect(summary).toMatchObject({ rows: 8, scored: 8, errors: 0, errorCodes: {}, groups: 4, reappearedGroups: 0, entitiesApproximate: false });
    expect(summary.meanReward).toBeCloseTo(rewards.reduce((a, b) => a + b, 0) / rewards.length, 12);
    expect(summary.correctShare).toBeCloseTo(6 / 8, 12);
    expect(summary.gatedShare).toBeCloseTo(2 / 8, 12);
    expect((summary.entities as unknown[])[0]).toEqual({ name: 'Cologne', rows: 3, hits: 3, hitRate: 1 });
    expect(summary.peakRssMb).toBeGreaterThan(0);
  });
});

describe('score: inputs, outputs and summaries', () => {
  it('reads stdin with - (and with no file), giving the same output', async () => {
    const input = readFileSync(goodFile, 'utf8');
    const dash = await runCli(['score', '-', '--summary', 'none'], { input });
    const none = await runCli(['score', '--summary', 'none'], { input });
    expect(dash).toEqual({ code: 0, stdout: fromFile.stdout, stderr: '' });
    expect(none).toEqual({ code: 0, stdout: fromFile.stdout, stderr: '' });
  });

  it('writes to a file with -o and nothing to stdout', async () => {
    const target = join(dir, 'out.jsonl');
    const run = await runCli(['score', goodFile, '-o', target, '--summary', 'none']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(target, 'utf8')).toBe(fromFile.stdout);
  });

  it('prints a readable summary table by default, with no progress bar when stderr is not a terminal', async () => {
    const run = await runCli(['score', goodFile]);
    expect(run.code).toBe(0);
    for (const label of ['rows', 'groups', 'mean reward', 'correct', 'gated', 'mean recall', 'most frequent chain entities', 'Cologne']) {
      expect(run.stderr).toContain(label);
    }
    expect(run.stderr).toMatch(/rows +8 +\(8 scored, 0 errors\)/);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toContain('\u001b['); // NO_COLOR
  });

  it('accepts CRLF line endings, a byte-order mark and a last line without a newline', async () => {
    const text = `\ufeff${toJsonl(GOOD_ROWS).trimEnd().split('\n').join('\r\n')}`;
    const run = await runCli(['score', '--summary', 'none'], { input: text });
    expect(run).toEqual({ code: 0, stdout: fromFile.stdout, stderr: '' });
  });

  it('scores an empty input as nothing, with exit code 0', async () => {
    const run = await runCli(['score', '--summary', 'json'], { input: '' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toMatchObject({ rows: 0, scored: 0, errors: 0, meanReward: null });
  });
});

describe('score: groups', () => {
  const row = (group: string, id: string, right: boolean) => ({
    id, group, answer: 'North Sea', entities: chain,
    response: `<think>Cologne lies on the Rhine.</think> \\boxed{${right ? 'North Sea' : 'Baltic Sea'}}`,
  });

  it('uses --group-by to read the group id from another field', async () => {
    const rows = [{ ...row('x', 'r1', true), uid: 'u' }, { ...row('y', 'r2', false), uid: 'u' }];
    const run = await runCli(['score', '--group-by', 'uid', '--summary', 'json'], { input: toJsonl(rows) });
    const out = jsonLines(run.stdout);
    expect(out.map((r) => r.group)).toEqual(['u', 'u']);
    expect(out.map((r) => Math.sign(r.advantage as number))).toEqual([1, -1]);
    expect(JSON.parse(run.stderr)).toMatchObject({ groups: 1 });
  });

  it('starts a new group when a group id comes back, and warns once', async () => {
    const rows = [row('q1', 'a', true), row('q2', 'b', true), row('q1', 'c', false), row('q2', 'd', false), row('q1', 'e', true)];
    const run = await runCli(['score', '--summary', 'json'], { input: toJsonl(rows) });
    const [warning, summary, ...rest] = run.stderr.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(warning).toMatch(/^warning: line 3: group "q1" appears again after its group ended and is scored as a new group\./);
    expect(JSON.parse(summary ?? '')).toMatchObject({ rows: 5, groups: 5, reappearedGroups: 3 });
    expect(jsonLines(run.stdout).map((r) => r.advantage)).toEqual([0, 0, 0, 0, 0]); // five groups of one
  });

  it('does not let a failed row split a group', async () => {
    const rows = [row('q1', 'a', true), 'not json', row('q1', 'b', false)];
    const run = await runCli(['score', '--summary', 'json'], { input: toJsonl(rows) });
    const out = jsonLines(run.stdout);
    expect(out.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(out[1]).toMatchObject({ line: 2, error: { code: 'INVALID_JSON' } });
    expect(out[0]?.advantage).toBeGreaterThan(0);
    expect(out[2]?.advantage).toBeLessThan(0);
    expect(JSON.parse(run.stderr)).toMatchObject({ groups: 1, errors: 1 });
  });

  it('cuts a group at --max-group-size, with a warning', async () => {
    const rows = [row('q1', 'a', true), row('q1', 'b', false), row('q1', 'c', true)];
    const run = await runCli(['score', '--max-group-size', '2', '--summary', 'json'], { input: toJsonl(rows) });
    expect(run.stderr).toContain('warning: line 2: group "q1" reached --max-group-size (2 rows) and was cut');
    expect(run.stderr).not.toContain('appears again');
    expect(jsonLines(run.stdout).map((r) => r.advantage)).toEqual([expect.any(Number), expect.any(Number), 0]);
  });

  it('keeps the raw rubric with --no-normalize-rubric', async () => {
    const rows = GOOD_ROWS.slice(1, 3); // recall 2/3 each: normalised they would be 1
    const normal = jsonLines((await runCli(['score', '--summary', 'none'], { input: toJsonl(rows) })).stdout);
    const raw = jsonLines((await runCli(['score', '--no-normalize-rubric', '--summary', 'none'], { input: toJsonl(rows) })).stdout);
    expect(normal.map((r) => r.rubric)).toEqual([1, 1]);
    expect(raw.map((r) => r.rubric)).toEqual([2 / 3, 2 / 3]);
    expect(raw[0]?.reward).toBeCloseTo(0.7 + 0.3 * (2 / 3), 12);
  });

  it('applies --eta and --strategy (a LongTraceRL row keeps its own rubric_reward_ratio)', async () => {
    const wrong = { ...GOOD_ROWS[2], group: undefined };
    const longTrace = { label: 'Rome', extra_reward_info: { rubrics: ['Italy', 'Rome'], rubric_reward_ratio: 0.1 }, response: '<think>Italy</think> Milan' };
    const run = await runCli(['score', '--eta', '0.5', '--strategy', 'mixed', '--summary', 'none'], { input: toJsonl([wrong, longTrace]) });
    const [a, b] = jsonLines(run.stdout);
    expect(a).toMatchObject({ correct: false, gated: false });
    expect(a?.reward).toBeCloseTo(0.5 * (2 / 3), 12);
    expect(b?.reward).toBeCloseTo(0.1 * 0.5, 12);
  });

  it('scores the rows of one group with different options each by its own, rubric normalised across the group', async () => {
    // Two LongTraceRL rows of one group: the second has no rubrics, so it is scored outcome-only.
    const rows = [
      { group: 'g', label: 'Rome', extra_reward_info: { rubrics: ['Italy', 'Rome'] }, response: '<think>Italy</think> Rome' },
      { group: 'g', label: 'Rome', extra_reward_info: {}, response: 'Rome' },
    ];
    const out = jsonLines((await runCli(['score', '--summary', 'none'], { input: toJsonl(rows) })).stdout);
    expect(out.map((r) => r.reward)).toEqual([1, 1]); // rubric 0.5 → normalised to 1; outcome-only → 1
    expect(out.map((r) => r.advantage)).toEqual([0, 0]);
  });
});
