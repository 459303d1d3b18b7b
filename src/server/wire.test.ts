import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { applyPath, parseBody, parseLabel, planRequest, responseOf, type Route } from './wire.js';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseBody', () => {
  it('reads UTF-8 JSON, also from a view into a larger buffer', () => {
    expect(parseBody(utf8('{"a": "Mělník"}'))).toEqual({ a: 'Mělník' });
    const big = utf8('xx{"b": [1, 2]}yy');
    expect(parseBody(big.subarray(2, big.length - 2))).toEqual({ b: [1, 2] });
  });

  it.each([
    [undefined, 'the body is empty; send a JSON object'],
    [utf8('  \n'), 'the body is empty; send a JSON object'],
    [utf8('{"a": '), /^the body is not valid JSON: /],
    [utf8('{"items": [{"__proto__": {"x": 1}}]}'), 'the body has a "__proto__" key'],
    [utf8('{"a": {"\\u005f_proto__": 1}}'), 'the body has a "__proto__" key'],
  ])('refuses %s', (body, message) => {
    const error = thrown(() => parseBody(body));
    expect(error.name).toBe('BodyError');
    expect(error.message).toMatch(message);
  });

  it('a response that talks about __proto__ is fine', () => {
    expect(parseBody(utf8('{"response": "\\"__proto__\\": 1"}'))).toEqual({ response: '"__proto__": 1' });
  });
});

describe('parseLabel', () => {
  it.each([
    ['Paris', { answer: 'Paris', entities: [], structured: false }],
    ['  Paris ', { answer: '  Paris ', entities: [], structured: false }],
    ['{"answer": "Paris", "entities": ["France"]}', { answer: 'Paris', entities: ['France'], question: undefined, structured: true }],
    ['{"answer": ["Paris", "Paree"]}', { answer: ['Paris', 'Paree'], entities: [], question: undefined, structured: true }],
    ['[1, 2]', { answer: '[1, 2]', entities: [], structured: false }],
  ])('%j', (label, expected) => {
    expect(parseLabel(label, 0)).toEqual(expected);
  });

  it('refuses a label that opens like JSON and does not parse', () => {
    expect((thrown(() => parseLabel('{answer: Paris}', 3)) as ValidationError).path).toBe('labels[3]');
  });
});

describe('responseOf: the response after the prompt, never an error (issue 11, /get_reward)', () => {
  it.each([
    ['Q: x? A: y', 'Q: x?', ' A: y', 'exact'],
    ['<pad><pad>Q: x? A: y', 'Q: x?', ' A: y', 'exact'],
    ['whole', '', 'whole', 'exact'],
    // A tokenizer's decode changed whitespace: found ignoring it, padding in front skipped.
    ['<pad>user:  What is\nthe capital?\nassistant: Paris', 'user: What is the capital?\nassistant:', ' Paris', 'whitespace'],
    ['Q:\u00a0x?A: y', 'Q: x? ', 'A: y', 'whitespace'],
    // Not there even so: what follows the longest common prefix.
    ['Question: who? Answer: Bob', 'Question: who?!', ' Answer: Bob', 'prefix'],
    ['abc', 'x', 'abc', 'none'],
  ])('%j minus %j → %j (%s)', (query, prompt, response, how) => {
    expect(responseOf(query, prompt)).toEqual({ response, how });
  });

  it('property: whitespace changed anywhere in the prompt, the response is still what follows it', () => {
    const word = fc.stringMatching(/^[a-z?:|<>]{1,6}$/);
    const space = fc.constantFrom(' ', '  ', '\n', '\t', '\u00a0', '');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.array(space, { minLength: 8, maxLength: 8 }), fc.array(space, { minLength: 8, maxLength: 8 }), fc.string(), (words, a, b, rest) => {
        const prompt = words.map((w, i) => w + a[i]).join('');
        const decoded = words.map((w, i) => w + b[i]).join('');
        // What follows the prompt's last word in the decoded query.
        const tail = decoded.slice(decoded.lastIndexOf(words.at(-1)!) + words.at(-1)!.length) + rest;
        fc.pre(!(decoded + rest).includes(prompt)); // found exactly: the other cases
        expect(responseOf(decoded + rest, prompt)).toEqual({ response: tail, how: 'whitespace' });
      }),
    );
  });

  it('property: the response is always a suffix of the query, and the exact case is unchanged', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (pad, prompt, rest) => {
        const query = pad + prompt + rest;
        const { response } = responseOf(query, prompt);
        expect(query.endsWith(response)).toBe(true);
        if (query.indexOf(prompt) === pad.length) expect(response).toBe(rest);
      }),
    );
  });
});

describe('paths of library errors, in the caller’s terms', () => {
  const spec = (route: Route, body: unknown, i = 0) => planRequest(route, body, {}).paths[i]!;
  it.each([
    [spec('evaluate', { label: 'x', response: 'y', extra_reward_info: { rubrics: ['a'] } }), ['entities', 0, 'name'], ['extra_reward_info', 'rubrics', 0, 'name']],
    [spec('evaluate', { label: 'x', history: [{ role: 'assistant', content: 'y' }] }), ['messages', 0], ['history', 0]],
    [spec('evaluate', { label: 'x', response: 'y' }), ['answer'], ['label']],
    [spec('get_reward', { query: ['q r'], prompts: ['q'], labels: ['{"answer": "r", "entities": ["e"]}'] }), ['answer', 0], ['labels', 0, 'answer', 0]],
    [spec('get_reward', { query: ['q r'], prompts: ['q'], labels: ['r'] }), ['answer'], ['labels', 0]],
    [spec('get_reward', { query: ['q r'], prompts: ['q'], labels: ['r'] }), ['response'], ['query', 0]],
    [spec('reward', { response: 'r', answer: 'a', entities: ['e'] }), ['eta'], ['options', 'eta']],
    [spec('rewards', { items: [{ response: 'r', answer: 'a', entities: ['e'] }, { response: 'r', answer: 'a', entities: ['e'] }] }, 1), ['entities', 0], ['items', 1, 'entities', 0]],
    [spec('rewards', { items: [{ response: 'r', answer: 'a', entities: ['e'] }] }), ['eta'], ['options', 'eta']],
  ])('%j: %j → %j', (paths, from, to) => {
    expect(applyPath(paths, from)).toEqual(to);
  });
});

describe('plans', () => {
  it('request options override the server defaults; a bare label scores the outcome only', () => {
    const defaults = { eta: 0.2, strategy: 'mixed' as const };
    expect(planRequest('rewards', { items: [], options: { eta: 0.5 } }, defaults).batch).toEqual({ eta: 0.5, strategy: 'mixed', grouped: true });
    const [bare, json] = planRequest('get_reward', { query: ['q a', 'q b'], prompts: ['q', 'q'], labels: ['a', '{"answer": "b", "entities": ["b"]}'] }, defaults).rows;
    expect(bare!.options).toEqual({ eta: 0.2, strategy: 'outcome-only' });
    expect(json!.options).toEqual(defaults);
  });

  it('native rows keep their id and group', () => {
    const plan = planRequest('rewards', { items: [{ id: 'a', group: 1, response: 'r', answer: 'a', entities: ['e'] }, { response: 'r', answer: 'a', entities: ['e'] }] }, {});
    expect([plan.ids, plan.groups]).toEqual([['a', undefined], [1, undefined]]);
  });
});
