import { describe, expect, it } from 'vitest';
import { fixtures, fixturesWith } from '../../fixtures/index.js';
import type { Fixture } from '../../fixtures/index.js';
import { groupRewards, rubricReward, splitMessages } from '../../src/index.js';
import { uncountedRanges } from '../../src/report/index.js';
import type { ReportData, ReportFailure, ReportRollout } from '../../src/report/index.js';
import { collect } from './helpers.js';

function rowOf(f: Fixture, extra: Record<string, unknown> = {}): string {
  const { id, response, messages, answer, entities, question } = f;
  return JSON.stringify({ id, ...(response !== undefined && { response }), ...(messages !== undefined && { messages }), answer, entities, question, ...extra });
}

const scored = (data: ReportData) => data.rows.filter((r): r is ReportRollout => !('error' in r));

describe('ReportCollector', () => {
  it.each(fixtures.map((f) => [f.id, f] as const))('%s: marks are the mentions rubricReward finds, by chain index', (_id, f) => {
    const [rollout] = scored(collect([rowOf(f)]));
    const result = rubricReward({ response: f.response, messages: f.messages, answer: f.answer, entities: f.entities, question: f.question });
    const expected = result.rubricDetail.entities.flatMap((e, i) => e.mentions.map((m) => [m.start, m.end, i]));
    expect(rollout!.marks).toEqual(expected.sort((a, b) => a[0]! - b[0]!));
    for (const [s, e, i] of rollout!.marks) {
      expect(result.rubricDetail.entities[i]!.mentions.some((m) => m.text === rollout!.text.slice(s, e))).toBe(true);
    }
    expect(rollout!.reward).toBe(f.expected.reward);
    expect(rollout!.verdict.method).toBe(f.expected.method);
    // No mark inside a part the rubric does not read.
    for (const [s, e] of rollout!.marks) expect(rollout!.uncounted.some(([us, ue]) => s < ue && e > us)).toBe(false);
  });

  it.each(fixturesWith('documents').map((f) => [f.id, f] as const))('%s: retrieved documents are uncounted blocks from marker to marker', (_id, f) => {
    const [rollout] = scored(collect([rowOf(f)]));
    const blocks = rollout!.uncounted.filter((u) => u[2] === 1).map(([s, e]) => rollout!.text.slice(s, e));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(b).toMatch(/^(<\|begin_of_documents\|>|<information>|<result>|<tool_response>|<documents>|<\|begin_search_result\|>)[\s\S]*(<\|end_of_documents\|>|<\/information>|<\/result>|<\/tool_response>|<\/documents>|<\|end_search_result\|>)$/);
  });

  it.each(fixtures.filter((f) => f.expected.method !== 'no-answer').map((f) => [f.id, f] as const))('%s: the box holds the extracted answer', (_id, f) => {
    const [rollout] = scored(collect([rowOf(f)]));
    expect(rollout!.box).not.toBeNull();
    const [s, e] = rollout!.box!;
    // The box is the answer as written; the verdict's is cleaned (quotes, bold, a final period).
    expect(rollout!.text.slice(s, e)).toContain(rollout!.verdict.extracted!.slice(0, 3));
  });

  it('a chat: the text is the joined assistant text, other messages are asides where they stood', () => {
    const f = fixturesWith('messages')[0]!;
    const [rollout] = scored(collect([rowOf(f)]));
    expect(rollout!.text).toBe(splitMessages(f.messages!).text);
    const others = f.messages!.filter((m) => m.role !== 'assistant' && typeof m.content === 'string' && m.content !== '');
    expect(rollout!.asides!.map((a) => [a.role, a.text])).toEqual(others.map((m) => [m.role, m.content]));
    // Each stands at a seam between assistant parts: the start, the end, or a "\n\n" separator.
    for (const a of rollout!.asides!) expect(a.at === 0 || rollout!.text.slice(a.at, a.at + 2) === '\n\n' || a.at === rollout!.text.length).toBe(true);
  });

  it('a group: rewards and advantages are the group\'s, as score writes them', () => {
    const [a, b, c] = fixturesWith('correct');
    const lines = [a!, b!, c!, fixturesWith('wrong')[0]!].map((f) => rowOf(f, { group: 'g1', entities: a!.entities, answer: a!.answer }));
    const data = collect(lines);
    const rows = scored(data);
    expect(data.groups).toEqual(['g1']);
    expect(rows.map((r) => r.group)).toEqual([0, 0, 0, 0]);
    const results = lines.map((l) => {
      const r = JSON.parse(l) as { response?: string; messages?: Fixture['messages'] };
      return rubricReward({ response: r.response, messages: r.messages, answer: a!.answer, entities: a!.entities });
    });
    const expected = groupRewards(results);
    expect(rows.map((r) => r.reward)).toEqual(expected.rewards);
    expect(rows.map((r) => r.advantage)).toEqual(expected.advantages);
  });

  it('a failed row keeps its line, error and the context of a training row', () => {
    const documents = [{ id: 'd1', tier: 'tier2', tokens: 300 }, { id: 'd2', title: 'Gold', tier: 'gold', tokens: 120 }];
    const data = collect(['not json', JSON.stringify({ question: 'Q?', answer: 'A', entities: ['A'], context: { documents } })]);
    const [bad, training] = data.rows as ReportFailure[];
    expect(bad).toMatchObject({ row: 1, error: { code: 'INVALID_JSON' } });
    expect(bad!.context).toBeUndefined();
    expect(training).toMatchObject({ row: 2, question: 'Q?', error: { code: 'INVALID_INPUT', path: 'response' } });
    expect(training!.context).toEqual({
      documents: [{ tier: 'tier2', tokens: 300, title: 'd1' }, { tier: 'gold', tokens: 120, title: 'Gold' }],
      sized: true,
      tokens: 420,
      tiers: { tier2: 1, gold: 1 },
    });
  });

  // The provenance `data build` writes: ids per tier and the gold positions, not each document's size.
  const provenance = { docs: { gold: ['g1', 'g2'], tier1: ['a'], tier2: ['b', 'c'], pool: [] }, goldPositions: [1, 4], tokens: 9000, budgetTokens: 10000 };
  it.each([
    ['native', { id: 'q1', prompt: 'P', question: 'Q?', answer: 'A', entities: ['A'], provenance }],
    ['slime', { source: 'longqa', input_messages: [{ role: 'user', content: 'P' }], label: 'A', metadata: { extra_reward_info: { question: 'Q?', rubrics: ['A'] }, provenance } }],
    ['verl', { data_source: 'd', prompt: [], extra_info: { index: 'q1', question: 'Q?', provenance } }],
    ['openrlhf', { input: 'P', label: '{"answer":"A","entities":["A"],"question":"Q?"}', provenance }],
  ])('a %s training row from data build: gold positions on a bar of its documents', (format, row) => {
    const [r] = collect([JSON.stringify(row)]).rows;
    expect(r!.context).toEqual({
      documents: ['distractor', 'gold', 'distractor', 'distractor', 'gold'].map((tier) => ({ tier, tokens: 1, title: '' })),
      sized: false,
      tokens: 9000,
      budgetTokens: 10000,
      tiers: { gold: 2, tier1: 1, tier2: 2, pool: 0 },
    });
    if (format !== 'openrlhf') expect(r!.question).toBe('Q?');
  });

  it('consecutive rows of one group id are one group; the id coming back later is a new one', () => {
    const f = fixtures[0]!;
    const data = collect(['g', 'g', 'h', 'g'].map((group) => rowOf(f, { group })));
    expect(data.groups).toEqual(['g', 'h', 'g']);
    expect(data.rows.map((r) => r.group)).toEqual([0, 0, 1, 2]);
  });

  it('rubric source: content leaves the reasoning uncounted, and no mark is drawn in it', () => {
    const response = '<think>Cologne lies on the Rhine.</think> The Rhine flows into the North Sea. \\boxed{North Sea}';
    const [rollout] = scored(collect([JSON.stringify({ response, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] })], { rubricSource: 'content' }));
    expect(rollout!.uncounted.map(([s, e, k]) => [response.slice(s, e), k])).toEqual([['<think>Cologne lies on the Rhine.</think>', 2]]);
    expect(rollout!.marks.map(([s, e]) => response.slice(s, e))).toEqual(['Rhine', 'North Sea', 'North Sea']);
  });
});

describe('uncountedRanges', () => {
  it.each([
    ['documents between counted spans', 'a <information>b</information> c', [[0, 1], [31, 32]], [['<information>b</information>', 1]]],
    ['an unclosed block runs to the end', 'a <result>b', [[0, 1]], [['<result>b', 1]]],
    ['blank gaps are left out', 'a   b', [[0, 1], [4, 5]], []],
    ['other text outside the spans is kind 2', '<think>x</think>', [[7, 8]], [['<think>', 2], ['</think>', 2]]],
  ] as const)('%s', (_name, text, spans, expected) => {
    const got = uncountedRanges(text, spans.map(([start, end]) => ({ start, end })));
    expect(got.map(([s, e, k]) => [text.slice(s, e), k])).toEqual(expected);
  });
});
