import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unfence } from '../verify/extract-answer.js';
import { stripEnds } from './strip-ends.js';

// The regexes these loops replaced (ReDoS lint): kept here as the reference.
const OLD_MARKUP = /^(?:\*\*|__|`)+|(?:\*\*|__|`)+$/g;
const OLD_QUOTES = /^["'“”‘’«»]+|["'“”‘’«»]+$/g;
const OLD_PERIODS = /[.。]+$/;
const OLD_JUDGE = /^(?:\*\*|__|\*|`|["'“”‘’<\[(])+|(?:\*\*|__|\*|`|["'“”‘’>\])])+$/g;
// eslint-disable-next-line regexp/no-super-linear-backtracking -- the former pattern, kept as the reference; run on short strings here
const OLD_FENCE = /^```(?:json)?\s*([\s\S]*?)\s*```$/;

const MARKUP = ['**', '__', '`'];
const QUOTES = ['"', "'", '“', '”', '‘', '’', '«', '»'];
const OPENING = ['**', '__', '*', '`', '"', "'", '“', '”', '‘', '’', '<', '[', '('];
const CLOSING = ['**', '__', '*', '`', '"', "'", '“', '”', '‘', '’', '>', ']', ')'];

const CASES: [string, RegExp, (s: string) => string][] = [
  ['markup', OLD_MARKUP, (s) => stripEnds(s, MARKUP, MARKUP)],
  ['quotes', OLD_QUOTES, (s) => stripEnds(s, QUOTES, QUOTES)],
  ['periods', OLD_PERIODS, (s) => stripEnds(s, [], ['.', '。'])],
  ['judge', OLD_JUDGE, (s) => stripEnds(s, OPENING, CLOSING)],
];

/** Short strings over the characters that matter, to reach every overlap of head and tail. */
const shortText = fc.string({ unit: fc.constantFrom('*', '_', '`', '"', '“', '«', '.', '。', '<', '>', '[', ']', '(', ')', 'a', ' ', '\n'), maxLength: 12 });

describe('stripEnds', () => {
  it.each([
    ['**Paris**', 'Paris', 'markup'],
    ['a***', 'a*', 'markup'],
    ['***', '*', 'markup'],
    ['`x`__', 'x', 'markup'],
    ['__a_', 'a_', 'markup'],
    ['«Paris».', 'Paris».', 'quotes'],
    ['"""', '', 'quotes'],
    ['Paris...。', 'Paris', 'periods'],
    ['.', '', 'periods'],
    ['**[Yes]**', 'Yes', 'judge'],
    ['(<no>)', 'no', 'judge'],
    ['<no', 'no', 'judge'],
    ['x*_', 'x*_', 'judge'],
    ['*_x_*', '_x_', 'judge'],
  ])('%j → %j (%s)', (input, expected, name) => {
    const [, old, now] = CASES.find(([n]) => n === name)!;
    expect(now(input)).toBe(expected);
    expect(input.replace(old, '')).toBe(expected);
  });

  it.each(CASES)('does what the %s regex did', (_, old, now) => {
    fc.assert(fc.property(shortText, (s) => now(s) === s.replace(old, '')), { numRuns: 3000 });
  });

  it('takes linear time where the regex was quadratic (10× the input, < 30× the time)', () => {
    // A long run of tokens before a last character that is not one: the regex tried its end
    // alternative at every position of the run.
    const time = (n: number): number => {
      const input = `x${'**'.repeat(n)}x`;
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) stripEnds(input, MARKUP, MARKUP);
      return performance.now() - t0;
    };
    time(2000); // warm-up
    // The best of three, and a floor, so that a pause of a busy machine does not read as a slope.
    const small = Math.max(Math.min(time(2000), time(2000), time(2000)), 0.5);
    const large = Math.min(time(20000), time(20000), time(20000));
    expect(large / small).toBeLessThan(30);
  });
});

describe('unfence', () => {
  it.each([
    ['```json\n{"answer": "x"}\n```', '{"answer": "x"}'],
    ['```\n{}\n```', '{}'],
    ['```json```', ''],
    ['``````', ''],
    ['`````', '`````'],
    ['```', '```'],
    ['{"answer": 1}', '{"answer": 1}'],
    ['```jsonx```', 'x'],
    ['```  json  ```', 'json'],
  ])('%j → %j', (input, expected) => {
    expect(unfence(input)).toBe(expected);
    expect(input.replace(OLD_FENCE, '$1')).toBe(expected);
  });

  it('does what the regex did', () => {
    const unit = fc.constantFrom('`', 'j', 's', 'o', 'n', ' ', '\n', '\u00a0', '{', '}');
    fc.assert(fc.property(fc.string({ unit, maxLength: 14 }), (s) => unfence(s) === s.replace(OLD_FENCE, '$1')), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit, maxLength: 8 }), (s) => unfence(`\`\`\`${s}\`\`\``) === `\`\`\`${s}\`\`\``.replace(OLD_FENCE, '$1')));
  });

  it('takes linear time on a long run of spaces in a fence (10× the input, < 30× the time)', () => {
    const time = (n: number): number => {
      const input = `\`\`\`${' '.repeat(n)}x`;
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) unfence(`${input}${' '.repeat(n)}\`\`\``);
      return performance.now() - t0;
    };
    time(2000);
    // The best of three, and a floor, so that a pause of a busy machine does not read as a slope.
    const small = Math.max(Math.min(time(2000), time(2000), time(2000)), 0.5);
    const large = Math.min(time(20000), time(20000), time(20000));
    expect(large / small).toBeLessThan(30);
  });
});
