// POST /evaluate against LongTraceRL's own reward server: test/server/reference-golden.json holds
// requests and the answers launch_server.py (THU-KEG/LongTraceRL @ 415b643, its LLM judge replaced by
// a deterministic fake) gave, recorded by scripts/reference/drive_reference.py. Each case names the
// reference lines it exercises. Ours must answer the same numbers, except where the case `differs`:
// then it names a row of docs/integrations.md's "Differences from launch_server.py" table, and the
// answer we give instead is pinned here.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rubricReward } from '../../src/index.js';
import { chunkFBeta, evaluateAnswer, readEvaluateBody } from '../../src/server/evaluate.js';
import { get, metric, post, serve } from './helpers.js';

interface Case {
  name: string;
  ref: string;
  request: { body?: unknown; raw?: string };
  reference: { status: number; body: Record<string, unknown> };
  differs?: string;
  warnings?: string[];
}

const golden = JSON.parse(readFileSync(new URL('./reference-golden.json', import.meta.url), 'utf8')) as { cases: Case[] };
const docs = readFileSync(new URL('../../docs/integrations.md', import.meta.url), 'utf8');
const { url } = await serve();

const send = (c: Case) => post(`${url}/evaluate`, c.request.raw ?? c.request.body);
const numbers = (b: Record<string, unknown>) => ({ reward: b.reward, outcome_reward: b.outcome_reward, rubric_reward: b.rubric_reward });
const codes = (b: { warnings?: { code: string }[] }) => b.warnings?.map((w) => w.code);

function expectNumbers(got: Record<string, unknown>, want: Record<string, unknown>): void {
  for (const key of ['reward', 'outcome_reward', 'rubric_reward']) expect(got[key], key).toBeCloseTo(want[key] as number, 12);
}

describe('the same answers as launch_server.py', () => {
  const same = golden.cases.filter((c) => c.differs === undefined);
  it.each(same.map((c) => [c.name, c.ref, c] as const))('%s (%s)', async (_name, _ref, c) => {
    expect(c.reference.status).toBe(200);
    const { status, body } = await send(c);
    expect(status).toBe(200);
    expectNumbers(body, c.reference.body);
    expect(codes(body)).toEqual(c.warnings);
  });

  it('covers the issue’s seven points and the odd bodies', () => {
    const names = golden.cases.map((c) => c.name);
    for (const prefix of ['formula-', 'longrlvr-', 'ratio-zero', 'empty-rubrics', 'flags-both-false', 'history-last-user', 'history-and-response', 'history-observation-role', 'label-number', 'label-null', 'rubric-folding', 'think-unclosed']) {
      expect(names.some((n) => n.startsWith(prefix)), prefix).toBe(true);
    }
  });
});

// Where we are deliberately different: what we answer instead (the reference's answer is in the golden file).
const OURS: Record<string, { status: number; body: Record<string, unknown> }> = {
  // Digit strings are the chunk ids they spell (the reference compares "3" with 3: never equal).
  'longrlvr-string-ids': { status: 200, body: { reward: 1 + 0.3 * (2 / 3) + 0.7 * (2 / 3), outcome_reward: 1, rubric_reward: 2 / 3 } },
  // No gold answer, nothing to reward: zeros (the reference judges against the string "None").
  'label-null': { status: 200, body: { reward: 0, outcome_reward: 0, rubric_reward: 0, warnings: ['label-null'] } },
  // "" and "!!!" are left out (the reference counts them as free hits: 4/5).
  'rubric-folding-to-nothing': { status: 200, body: { reward: 0.3 * (2 / 3), outcome_reward: 0, rubric_reward: 2 / 3, warnings: ['rubric-unusable', 'rubric-unusable'] } },
  // An open <think> is a response cut off before its answer: no outcome. The rubric is the reference's.
  'think-unclosed-content-flag': { status: 200, body: { reward: 0.3, outcome_reward: 0, rubric_reward: 1, warnings: ['think-unclosed'] } },
  'think-unclosed-reasoning-flag': { status: 200, body: { reward: 0, outcome_reward: 0, rubric_reward: 0, warnings: ['think-unclosed'] } },
  // Refused with the field named (the reference: 500 with an empty message).
  'missing-label': { status: 400, body: { error: { code: 'INVALID_INPUT', path: 'label', message: 'label: required field is missing' } } },
  // Missing fields get defaults instead of a 500 KeyError: no extra_reward_info is outcome-only …
  'missing-extra-reward-info': { status: 200, body: { reward: 1, outcome_reward: 1, rubric_reward: 0 } },
  // … a missing ratio is the server's eta (0.3), missing flags read everything, dataset_name is optional.
  'missing-ratio': { status: 200, body: { reward: 0.7 + 0.3 * (2 / 3), outcome_reward: 1, rubric_reward: 2 / 3 } },
  'missing-flags': { status: 200, body: { reward: 0.7 + 0.3 * (2 / 3), outcome_reward: 1, rubric_reward: 2 / 3 } },
  'missing-dataset-name': { status: 200, body: { reward: 0.7 + 0.3 * (2 / 3), outcome_reward: 1, rubric_reward: 2 / 3 } },
  // A number is matched as its string (the reference: 500, int has no .lower()).
  'number-rubric': { status: 200, body: { reward: 0.7 + 0.3 * 0.5, outcome_reward: 1, rubric_reward: 0.5, warnings: ['rubric-number'] } },
  // Mentions are whole words: "Art" is not in "start".
  'substring-is-not-a-mention': { status: 200, body: { reward: 0.7 + 0.3 * 0.5, outcome_reward: 1, rubric_reward: 0.5 } },
  // Retrieved documents inside the response are not the model's words: "Rhine" is only there.
  'documents-inside-response': { status: 200, body: { reward: 0.7 + 0.3 * (2 / 3), outcome_reward: 1, rubric_reward: 2 / 3 } },
  // An empty history: zeros (the reference: 500, list index out of range).
  'empty-history': { status: 200, body: { reward: 0, outcome_reward: 0, rubric_reward: 0, warnings: ['history-not-assistant-last'] } },
  // A body that is not JSON: 400 (the reference: 500).
  'not-json': { status: 400, body: { error: { code: 'INVALID_JSON' } } },
};

describe('deliberately different, each in the differences table', () => {
  const differing = golden.cases.filter((c) => c.differs !== undefined);
  it.each(differing.map((c) => [c.name, c.differs!, c] as const))('%s (table row: %s)', async (name, row, c) => {
    expect(docs).toContain(`<a id="diff-${row}"></a>`);
    const want = OURS[name];
    expect(want, `no pinned answer for ${name}`).toBeDefined();
    const { status, body } = await send(c);
    expect(status).toBe(want!.status);
    if (status === 200) {
      expectNumbers(body, want!.body);
      expect(codes(body)).toEqual(want!.body.warnings);
      // Different from the reference, and on purpose: it is not a copy of the golden answer.
      expect(numbers(body)).not.toEqual(numbers(c.reference.body));
    } else expect(body).toMatchObject(want!.body);
  });

  it('every pinned difference is a case of the golden file', () => {
    expect(Object.keys(OURS).sort()).toEqual(golden.cases.filter((c) => c.differs !== undefined).map((c) => c.name).sort());
  });
});

describe('warnings: a log line and a /metrics counter by code (the rule for trainer-facing endpoints)', () => {
  it('counts each warning by route and code', async () => {
    const series = 'longtrace_warnings_total{route="/evaluate",code="history-not-assistant-last"}';
    const before = metric((await get<string>(`${url}/metrics`)).body, series);
    const { body } = await post(`${url}/evaluate`, { label: 'x', history: [{ role: 'user', content: 'hi' }] });
    expect(body).toMatchObject({ reward: 0, warnings: [{ code: 'history-not-assistant-last', path: 'history[0]' }] });
    expect(metric((await get<string>(`${url}/metrics`)).body, series)).toBe(before + 1);
  });

  it('/get_reward: a prompt not found exactly is located, never refused, and the warning names the sample', async () => {
    const { status, body } = await post(`${url}/get_reward`, {
      query: ['Q:  Which sea?\nA: The answer is North Sea.', 'Q: x A: North Sea'],
      prompts: ['Q: Which sea? A:', 'Q: x A:'],
      labels: ['North Sea', 'North Sea'],
    });
    expect(status).toBe(200);
    expect(body.rewards).toEqual([1, 1]);
    expect(body.warnings).toEqual([{ index: 0, code: 'prompt-not-in-query', message: expect.any(String), path: 'prompts[0]' }]);
  });
});

describe('/get_reward: one odd sample never fails the batch (OpenRLHF would get None rewards)', () => {
  const Q = 'Q: Which sea? A:';
  const query = `${Q} The answer is North Sea.`;
  it.each([
    ['a label that opens like JSON and does not parse', '{"answer": "North Sea",', [0, 0, 0], 'label-unusable', 'labels[0]'],
    ['a JSON label without answer', '{"entities": ["Rhine"]}', [0, 0, 0], 'label-unusable', 'labels[0].answer'],
    ['a null label', null, [0, 0, 0], 'label-null', 'labels[0]'],
    ['an empty label', '  ', [0, 0, 0], 'label-unusable', 'labels[0]'],
    ['a numeric label', 1945, [0, 0, 0], 'label-number', 'labels[0]'],
    ['an empty entity in a JSON label: left out', JSON.stringify({ answer: 'North Sea', entities: ['North Sea', ''] }), [1, 1, 1], 'rubric-unusable', 'labels[0].entities[1]'],
  ])('%s', async (_what, label, [reward, outcome, rubric], code, path) => {
    const { status, body } = await post(`${url}/get_reward`, { query: [query, query], prompts: [Q, Q], labels: [label, 'North Sea'] });
    expect(status).toBe(200);
    expect(body.rewards).toEqual([reward, 1]);
    expect(body.extra_logs).toEqual({ outcome: [outcome, 1], rubric: [rubric, 0] });
    expect(body.warnings).toEqual([{ index: 0, code, message: expect.any(String), path }]);
  });
});

describe('a strategy chosen by the server or the sample', () => {
  const WRONG = { label: 'North Sea', response: '<think>Cologne lies on the Rhine.</think>\nThe answer is Baltic Sea.' };
  const rubrics = ['Cologne', 'Rhine', 'North Sea'];

  it('the reference formula by default: a wrong answer keeps η·rubric', async () => {
    const { body } = await post(`${url}/evaluate`, { ...WRONG, extra_reward_info: { rubrics, rubric_reward_ratio: 0.3 } });
    expect(body.reward).toBeCloseTo(0.3 * (2 / 3), 12);
  });

  it('extra_reward_info.strategy picks one for the sample', async () => {
    const { body } = await post(`${url}/evaluate`, { ...WRONG, extra_reward_info: { rubrics, rubric_reward_ratio: 0.3, strategy: 'positive-only' } });
    expect(body).toEqual({ reward: 0, outcome_reward: 0, rubric_reward: 2 / 3 });
  });

  it('a server started with --strategy positive-only gates /evaluate too', async () => {
    const gated = await serve({ strategy: 'positive-only' });
    const { body } = await post(`${gated.url}/evaluate`, { ...WRONG, extra_reward_info: { rubrics, rubric_reward_ratio: 0.3 } });
    expect(body).toEqual({ reward: 0, outcome_reward: 0, rubric_reward: 2 / 3 });
  });

  it('an unknown strategy is a warning, and the reference formula is used', async () => {
    const { body } = await post(`${url}/evaluate`, { ...WRONG, extra_reward_info: { rubrics, rubric_reward_ratio: 0.3, strategy: 'best' } });
    expect(body.reward).toBeCloseTo(0.2, 12);
    expect(codes(body)).toEqual(['strategy-unknown']);
  });
});

describe('the /evaluate formula (launch_server.py:187-195)', () => {
  const plan = (eta: number, formula: 'longrlvr' | 'mixed' | 'positive-only') => ({ warnings: [], zero: false, eta, formula, skipOutcome: eta >= 1 });
  it.each([
    ['mixed, wrong answer: not gated', plan(0.3, 'mixed'), { outcome: 0, rubric: 1 }, 0.3],
    ['mixed, right answer', plan(0.3, 'mixed'), { outcome: 1, rubric: 0.5 }, 0.85],
    ['a server --strategy positive-only gates', plan(0.3, 'positive-only'), { outcome: 0, rubric: 1 }, 0],
    ['longrlvr: o + η·F + (1−η)·o·F', plan(0.5, 'longrlvr'), { outcome: 1, rubric: 0.5 }, 1 + 0.25 + 0.25],
    ['ratio 1: the outcome is not computed', plan(1, 'mixed'), { outcome: 1, rubric: 0.5 }, 0.5],
  ] as const)('%s', (_what, p, scored, reward) => {
    expect(evaluateAnswer(p, scored).reward).toBeCloseTo(reward, 12);
  });

  it('property: outcome and rubric in [0, 1] give a reward in [0, 1], and in [0, 2] for longrlvr', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('mixed', 'longrlvr', 'positive-only', 'negative-only', 'outcome-only'), (eta, outcome, rubric, formula) => {
        const { reward } = evaluateAnswer({ warnings: [], zero: false, eta, formula, skipOutcome: eta >= 1 }, { outcome, rubric });
        expect(reward).toBeGreaterThanOrEqual(0);
        expect(reward).toBeLessThanOrEqual(formula === 'longrlvr' ? 2 + 1e-12 : 1 + 1e-12);
      }),
    );
  });

  it('property: any JSON in a sample’s fields gives a finite reward in [0, 1], never a throw', () => {
    const role = fc.constantFrom('system', 'user', 'assistant', 'tool', 'function', 'observation');
    const message = fc.record({ role, content: fc.oneof(fc.string(), fc.jsonValue()), reasoning_content: fc.option(fc.string(), { nil: undefined }) }, { requiredKeys: ['role'] });
    const label = fc.oneof(fc.jsonValue(), fc.constantFrom('North Sea', ['North Sea', 'German Ocean'], { answer: 'North Sea' }, 3, null, ''));
    const rubrics = fc.oneof(fc.jsonValue(), fc.array(fc.oneof(fc.string(), fc.integer(), fc.constantFrom('Rhine', '!!!', { name: 'Cologne', aliases: [''] }))));
    const info = fc.record({
      rubrics, rubric_reward_ratio: fc.jsonValue(), dataset_name: fc.constantFrom('longrlvr', 'musique', 3), rubric_use_content: fc.jsonValue(), strategy: fc.jsonValue(), question: fc.jsonValue(),
    }, { requiredKeys: [] });
    const response = fc.constantFrom('<think>Cologne, Rhine</think> The answer is North Sea.', '<think>open', 'North Sea', '<useful_chunks><CHUNK_1></useful_chunks> North Sea');
    fc.assert(
      fc.property(label, info, fc.oneof(response.map((r) => ({ response: r })), fc.array(message, { maxLength: 4 }).map((history) => ({ history }))), (l, extra, sample) => {
        const { plan, row } = readEvaluateBody({ label: l, extra_reward_info: extra, ...sample }, {});
        const scored = row === undefined ? undefined : rubricReward(row.input, row.options);
        const { reward } = evaluateAnswer(plan, scored);
        expect(Number.isFinite(reward)).toBe(true);
        expect(reward).toBeGreaterThanOrEqual(0);
        expect(reward).toBeLessThanOrEqual(plan.formula === 'longrlvr' ? 2 : 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('longrlvr chunk ids (launch_server.py:133-150)', () => {
  it.each([
    ['<useful_chunks><CHUNK_1><CHUNK 2><chunk3></useful_chunks>', [1, 2, 3], 1],
    ['<USEFUL_CHUNKS><CHUNK_1></USEFUL_CHUNKS>', [1, 2], (5 * 1 * 0.5) / (4 * 1 + 0.5)],
    ['<useful_chunks><CHUNK_9></useful_chunks>', [1], 0],
    ['no block <CHUNK_1>', [1], 0],
    ['<useful_chunks><CHUNK_1></useful_chunks> <useful_chunks><CHUNK_2></useful_chunks>', [1], 0],
    ['<useful_chunks>\n<CHUNK_1>\n</useful_chunks>', [], 0],
  ])('%j against %j → %d', (text, gold, f) => {
    expect(chunkFBeta(text, new Set(gold))).toBeCloseTo(f, 12);
  });
});
