import { describe, expect, it } from 'vitest';
import { createEntityMatcher, type GoldEntity } from '../entities/index.js';
import { ValidationError } from '../errors.js';
import { DEFAULT_EXCLUDED_BLOCKS, type ChatMessage } from '../response/index.js';
import { rubricReward, type RewardInput, type RewardOptions, type RubricSource } from './rubric-reward.js';
import type { RewardStrategy } from './strategy.js';

// Four chain entities. The right response mentions three of them (two in the reasoning, the
// answer in the content): rubric 3/4. The wrong one mentions two: rubric 2/4.
const ENTITIES: GoldEntity[] = ['Cologne', 'Rhine', 'Netherlands', 'North Sea'];
const RIGHT = '<think>Cologne lies on the Rhine.</think>\n\n\\boxed{North Sea}';
const WRONG = '<think>Cologne lies on the Rhine.</think>\n\n\\boxed{Baltic Sea}';

function reward(response: string, options?: RewardOptions): ReturnType<typeof rubricReward> {
  return rubricReward({ response, answer: 'North Sea', entities: ENTITIES }, options);
}

describe('rubricReward: strategies', () => {
  it.each<{ strategy: RewardStrategy | undefined; eta: number | undefined; right: number; wrong: number }>([
    { strategy: undefined, eta: undefined, right: 0.925, wrong: 0 },
    { strategy: 'positive-only', eta: 0.3, right: 0.925, wrong: 0 },
    { strategy: 'positive-only', eta: 0, right: 1, wrong: 0 },
    { strategy: 'positive-only', eta: 1, right: 0.75, wrong: 0 },
    { strategy: 'positive-only', eta: 0.5, right: 0.875, wrong: 0 },
    { strategy: 'mixed', eta: undefined, right: 0.925, wrong: 0.15 },
    { strategy: 'mixed', eta: 0, right: 1, wrong: 0 },
    { strategy: 'mixed', eta: 1, right: 0.75, wrong: 0.5 },
    { strategy: 'mixed', eta: 0.5, right: 0.875, wrong: 0.25 },
    { strategy: 'negative-only', eta: 0.3, right: 1, wrong: 0.15 },
    { strategy: 'negative-only', eta: 0, right: 1, wrong: 0 },
    { strategy: 'negative-only', eta: 1, right: 1, wrong: 0.5 },
    { strategy: 'outcome-only', eta: 0.3, right: 1, wrong: 0 },
    { strategy: 'outcome-only', eta: 1, right: 1, wrong: 0 },
  ])('$strategy η=$eta: right → $right, wrong → $wrong', ({ strategy, eta, right, wrong }) => {
    const options: RewardOptions = { strategy, eta };
    const r = reward(RIGHT, options);
    expect([r.outcome, r.rubric]).toEqual([1, 0.75]);
    expect(r.reward).toBeCloseTo(right, 12);
    const w = reward(WRONG, options);
    expect([w.outcome, w.rubric]).toEqual([0, 0.5]);
    expect(w.reward).toBeCloseTo(wrong, 12);
  });

  it.each<{ strategy: RewardStrategy; right: boolean; gated: boolean }>([
    { strategy: 'positive-only', right: false, gated: true },
    { strategy: 'positive-only', right: true, gated: false },
    { strategy: 'mixed', right: false, gated: false },
    { strategy: 'negative-only', right: false, gated: false },
    { strategy: 'outcome-only', right: false, gated: false },
  ])('gating: $strategy, right=$right → gated=$gated', ({ strategy, right, gated }) => {
    const r = reward(right ? RIGHT : WRONG, { strategy });
    expect(r.gated).toBe(gated);
    if (gated) expect(r.reward).toBe(0);
    // The rubric is still measured and reported when the gate zeroes the reward.
    expect(r.rubric).toBe(right ? 0.75 : 0.5);
  });

  it('pins the shape of a result', () => {
    expect(reward(RIGHT)).toMatchInlineSnapshot(`
      {
        "gated": false,
        "outcome": 1,
        "reward": 0.9249999999999999,
        "rubric": 0.75,
        "rubricDetail": {
          "entities": [
            {
              "found": true,
              "mentions": [
                {
                  "alias": "Cologne",
                  "end": 14,
                  "how": "exact",
                  "start": 7,
                  "text": "Cologne",
                },
              ],
              "name": "Cologne",
              "weight": 1,
            },
            {
              "found": true,
              "mentions": [
                {
                  "alias": "Rhine",
                  "end": 32,
                  "how": "exact",
                  "start": 27,
                  "text": "Rhine",
                },
              ],
              "name": "Rhine",
              "weight": 1,
            },
            {
              "found": false,
              "mentions": [],
              "name": "Netherlands",
              "weight": 1,
            },
            {
              "found": true,
              "mentions": [
                {
                  "alias": "North Sea",
                  "end": 59,
                  "how": "exact",
                  "start": 50,
                  "text": "North Sea",
                },
              ],
              "name": "North Sea",
              "weight": 1,
            },
          ],
          "hits": 3,
          "orderedRecall": 0.75,
          "recall": 0.75,
          "total": 4,
        },
        "verdict": {
          "correct": true,
          "extracted": "North Sea",
          "matched": "North Sea",
          "method": "exact",
          "score": 1,
        },
      }
    `);
  });

  it('accepts every gold answer shape and a compiled matcher', () => {
    const matcher = createEntityMatcher(ENTITIES);
    for (const answer of ['North Sea', ['German Bight', 'North Sea'], { answer: 'German Sea', aliases: ['North Sea'] }]) {
      const r = rubricReward({ response: RIGHT, answer, entities: matcher });
      expect([r.outcome, r.rubric]).toEqual([1, 0.75]);
    }
  });

  it('passes the question to the verifier', () => {
    // Without the question the long final sentence counts as containing the gold; with it, the
    // sentence only restates the question.
    const response = 'So after all of that reading, the long river that passes through Cologne ends up in the North Sea, like the question says.';
    const question = 'Into which sea does the river through Cologne flow, the North Sea?';
    expect(rubricReward({ response, answer: 'North Sea', entities: ENTITIES }).outcome).toBe(1);
    expect(rubricReward({ response, answer: 'North Sea', entities: ENTITIES, question }).outcome).toBe(0);
  });

  it('outcome-only needs no entities', () => {
    const r = rubricReward({ response: RIGHT, answer: 'North Sea', entities: [] }, { strategy: 'outcome-only' });
    expect({ reward: r.reward, rubric: r.rubric, total: r.rubricDetail.total }).toEqual({ reward: 1, rubric: 0, total: 0 });
  });
});

describe('rubricReward: rubricSource', () => {
  const entities = ['Cologne', 'Rhine', 'North Sea'];
  it.each<{ name: string; response: string; reasoning: boolean[]; content: boolean[]; all: boolean[] }>([
    {
      name: 'a mention only in the answer counts for content and all, not reasoning',
      response: '<think>Cologne lies on the Rhine.</think> \\boxed{North Sea}',
      reasoning: [true, true, false],
      content: [false, false, true],
      all: [true, true, true],
    },
    {
      name: 'the reasoning before a stray </think> (the <think> sat in the prompt)',
      response: 'Cologne lies on the Rhine.</think>North Sea',
      reasoning: [true, true, false],
      content: [false, false, true],
      all: [true, true, true],
    },
    {
      name: 'no think tags: everything is content',
      response: 'Cologne lies on the Rhine. Answer: North Sea',
      reasoning: [false, false, false],
      content: [true, true, true],
      all: [true, true, true],
    },
    {
      name: 'a document block inside the reasoning never counts',
      response: '<think>Cologne.<|begin_of_documents|>The Rhine flows into the North Sea.<|end_of_documents|>So.</think>North Sea',
      reasoning: [true, false, false],
      content: [false, false, true],
      all: [true, false, true],
    },
    {
      name: 'a document block in the content never counts',
      response: '<think>Cologne.</think><|begin_of_documents|>The Rhine flows past Cologne.<|end_of_documents|>North Sea',
      reasoning: [true, false, false],
      content: [false, false, true],
      all: [true, false, true],
    },
    {
      name: 'an unclosed document block never counts',
      response: '<think>Cologne.</think>Answer: North Sea<|begin_of_documents|>Rhine',
      reasoning: [true, false, false],
      content: [false, false, true],
      all: [true, false, true],
    },
  ])('$name', ({ response, reasoning, content, all }) => {
    const found = (source: RubricSource): boolean[] =>
      rubricReward({ response, answer: 'North Sea', entities }, { rubricSource: source }).rubricDetail.entities.map((e) => e.found);
    expect({ reasoning: found('reasoning'), content: found('content'), all: found('all') }).toEqual({ reasoning, content, all });
  });

  it.each(DEFAULT_EXCLUDED_BLOCKS.map((b) => ({ ...b })))('never counts a mention inside $open…$close', ({ open, close }) => {
    const response = `<think>Let me search.${open}Cologne lies on the Rhine.${close}Found it.</think>North Sea`;
    const r = rubricReward({ response, answer: 'North Sea', entities });
    expect(r.rubricDetail.entities.map((e) => e.found)).toEqual([false, false, true]);
    expect(r.outcome).toBe(1);
  });

  it('the default source is all', () => {
    const input: RewardInput = { response: '<think>Cologne lies on the Rhine.</think> \\boxed{North Sea}', answer: 'North Sea', entities };
    expect(rubricReward(input)).toEqual(rubricReward(input, { rubricSource: 'all' }));
    expect(rubricReward(input).rubric).toBe(1);
  });

  it('every mention lies in the source it was read from', () => {
    const response = '<think>Cologne<|begin_of_documents|>Rhine<|end_of_documents|> Rhine</think> Cologne <result>North Sea</result> North Sea';
    for (const source of ['reasoning', 'content', 'all'] as const) {
      const r = rubricReward({ response, answer: 'North Sea', entities }, { rubricSource: source });
      for (const m of r.rubricDetail.entities.flatMap((e) => e.mentions)) {
        expect(response.slice(m.start, m.end)).toBe(m.text);
        const inThink = m.start < response.indexOf('</think>');
        if (source === 'reasoning') expect(inThink).toBe(true);
        if (source === 'content') expect(inThink).toBe(false);
        expect(response.slice(0, m.start)).not.toMatch(/<\|begin_of_documents\|>(?:(?!<\|end_of_documents\|>)[\s\S])*$/);
        expect(response.slice(0, m.start)).not.toMatch(/<result>(?:(?!<\/result>)[\s\S])*$/);
      }
    }
  });
});

describe('rubricReward: messages', () => {
  const entities = ['Cologne', 'Rhine', 'North Sea'];

  it.each<{ name: string; messages: ChatMessage[]; found: boolean[]; outcome: number }>([
    {
      name: 'user, system and tool mentions never count',
      messages: [
        { role: 'system', content: 'You know Cologne, the Rhine and the North Sea.' },
        { role: 'user', content: 'Into which sea does the Rhine at Cologne flow?' },
        { role: 'assistant', content: '<search>which sea at the river mouth</search>' },
        { role: 'tool', content: 'The Rhine flows from Cologne into the North Sea.' },
        { role: 'assistant', content: 'North Sea' },
      ],
      found: [false, false, true],
      outcome: 1,
    },
    {
      name: 'reasoning_content and content of every assistant turn count',
      messages: [
        { role: 'user', content: 'Which sea?' },
        { role: 'assistant', reasoning_content: 'Cologne first.', content: null },
        { role: 'tool', content: 'irrelevant' },
        { role: 'assistant', reasoning_content: 'It lies on the Rhine.', content: 'North Sea' },
      ],
      found: [true, true, true],
      outcome: 1,
    },
    {
      name: 'the final answer is only read when the assistant spoke last',
      messages: [
        { role: 'user', content: 'Which sea?' },
        { role: 'assistant', reasoning_content: 'Cologne, Rhine.', content: 'North Sea' },
        { role: 'user', content: 'Thanks! The North Sea it is.' },
      ],
      found: [true, true, true],
      outcome: 0,
    },
    {
      name: 'a document block inside an assistant message never counts',
      messages: [{ role: 'assistant', content: '<think>Hmm.<information>Cologne, Rhine</information></think>North Sea' }],
      found: [false, false, true],
      outcome: 1,
    },
    {
      name: "the assistant's own search query is its words and counts",
      messages: [
        { role: 'user', content: 'Which sea?' },
        { role: 'assistant', content: '<search>mouth of the Rhine</search>' },
        { role: 'tool', content: 'Cologne' },
        { role: 'assistant', content: 'North Sea' },
      ],
      found: [false, true, true],
      outcome: 1,
    },
    { name: 'no assistant message', messages: [{ role: 'user', content: 'Cologne? Rhine? North Sea?' }], found: [false, false, false], outcome: 0 },
    { name: 'an empty chat', messages: [], found: [false, false, false], outcome: 0 },
  ])('$name', ({ messages, found, outcome }) => {
    const r = rubricReward({ messages, answer: 'North Sea', entities });
    expect(r.rubricDetail.entities.map((e) => e.found)).toEqual(found);
    expect(r.outcome).toBe(outcome);
  });

  it.each<{ source: RubricSource; found: boolean[] }>([
    { source: 'reasoning', found: [true, true, false] },
    { source: 'content', found: [false, false, true] },
    { source: 'all', found: [true, true, true] },
  ])('rubricSource $source reads reasoning_content as reasoning and content as content', ({ source, found }) => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Which sea?' },
      { role: 'assistant', reasoning_content: 'Cologne lies on the Rhine.', content: 'North Sea' },
    ];
    expect(rubricReward({ messages, answer: 'North Sea', entities }, { rubricSource: source }).rubricDetail.entities.map((e) => e.found)).toEqual(found);
  });
});

describe('rubricReward: validation', () => {
  function errorOf(fn: () => unknown): { code: string; path: string; message: string } {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { code: error.code, path: error.path, message: error.message };
    }
    throw new Error('expected a ValidationError');
  }
  const ok: RewardInput = { response: RIGHT, answer: 'North Sea', entities: ENTITIES };
  const bad = (input: unknown, options?: unknown) => errorOf(() => rubricReward(input as RewardInput, options as RewardOptions));

  it('an empty entity name', () => {
    expect(bad({ ...ok, entities: ['Cologne', { name: '' }] })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "message": "entities[1].name: entity name is empty",
        "path": "entities[1].name",
      }
    `);
  });

  it('an entity of the wrong type', () => {
    expect(bad({ ...ok, entities: ['Cologne', 7] })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "message": "entities[1]: expected a string or { name, aliases?, weight? }",
        "path": "entities[1]",
      }
    `);
  });

  it('a negative weight', () => {
    expect(bad({ ...ok, entities: [{ name: 'Cologne', weight: -1 }] })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "message": "entities[0].weight: weight must be a finite number >= 0",
        "path": "entities[0].weight",
      }
    `);
  });

  it('entities that are not an array', () => {
    expect(bad({ ...ok, entities: 'Cologne' })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "message": "entities: expected an array of entities",
        "path": "entities",
      }
    `);
  });

  it('no entities with a strategy that needs the rubric', () => {
    expect(bad({ ...ok, entities: [] })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_ENTITY",
        "message": "entities: at least one gold entity is needed for the rubric (or use strategy 'outcome-only')",
        "path": "entities",
      }
    `);
  });

  it('eta out of range', () => {
    expect(bad(ok, { eta: 2 })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_OPTIONS",
        "message": "eta: eta must be a number in [0, 1], got 2",
        "path": "eta",
      }
    `);
  });

  it('an unknown strategy', () => {
    expect(bad(ok, { strategy: 'gated' })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_OPTIONS",
        "message": "strategy: strategy must be one of positive-only, mixed, negative-only, outcome-only, got gated",
        "path": "strategy",
      }
    `);
  });

  it('an unknown rubricSource', () => {
    expect(bad(ok, { rubricSource: 'thinking' })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_OPTIONS",
        "message": "rubricSource: rubricSource must be one of reasoning, content, all, got thinking",
        "path": "rubricSource",
      }
    `);
  });

  it('a bad split option is named under split', () => {
    expect(bad(ok, { split: { exclude: [{ open: '', close: '</doc>' }] } })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_OPTIONS",
        "message": "split.exclude[0].open: open must be a non-empty string",
        "path": "split.exclude[0].open",
      }
    `);
  });

  it('neither response nor messages', () => {
    expect(bad({ answer: 'North Sea', entities: ENTITIES })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_INPUT",
        "message": "response: either response (a string) or messages (an array) is required",
        "path": "response",
      }
    `);
  });

  it('both response and messages', () => {
    expect(bad({ ...ok, messages: [] })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_INPUT",
        "message": "messages: give either response or messages, not both",
        "path": "messages",
      }
    `);
  });

  it('a response that is not a string', () => {
    expect(bad({ ...ok, response: 42 })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_INPUT",
        "message": "response: expected a string, got number",
        "path": "response",
      }
    `);
  });

  it('an unknown role', () => {
    expect(bad({ messages: [{ role: 'user', content: 'q' }, { role: 'bot', content: 'a' }], answer: 'North Sea', entities: ENTITIES })).toMatchInlineSnapshot(`
      {
        "code": "INVALID_INPUT",
        "message": "messages[1].role: role must be 'system', 'user', 'assistant' or 'tool'",
        "path": "messages[1].role",
      }
    `);
  });

  it('assistant content that is not a string is named under messages', () => {
    expect(bad({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'text', text: 'a' }] }], answer: 'North Sea', entities: ENTITIES }))
      .toMatchInlineSnapshot(`
        {
          "code": "INVALID_INPUT",
          "message": "messages[1].content: content must be a string or null",
          "path": "messages[1].content",
        }
      `);
  });

  it('an input that is not an object', () => {
    expect(bad(null)).toMatchInlineSnapshot(`
      {
        "code": "INVALID_INPUT",
        "message": "expected an object { response | messages, answer, entities }",
        "path": "",
      }
    `);
  });

  it.each<{ name: string; answer: unknown; path: string }>([
    { name: 'an empty gold answer', answer: '', path: 'answer' },
    { name: 'a gold answer of the wrong type', answer: 3, path: 'answer' },
    { name: 'a gold object whose answer is not a string', answer: { answer: 3 }, path: 'answer.answer' },
    { name: 'a gold alias that is not a string', answer: ['North Sea', null], path: 'answer[1]' },
  ])('$name → INVALID_GOLD_ANSWER at $path', ({ answer, path }) => {
    expect(bad({ ...ok, answer })).toMatchObject({ code: 'INVALID_GOLD_ANSWER', path });
  });
});
