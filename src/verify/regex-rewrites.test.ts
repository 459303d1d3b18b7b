// The ReDoS lint's rewrites in compiled-gold.ts and names.ts, checked against the patterns they
// replaced: the same matches on short strings over the characters that matter (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unglue } from './compiled-gold.js';

type Use = (re: RegExp, s: string) => unknown;
const exec: Use = (re, s) => re.exec(s);
const replace: Use = (re, s) => s.replace(re, '|');
const split: Use = (re, s) => s.split(re);

/* eslint-disable no-control-regex, regexp/no-dupe-disjunctions -- the former patterns, kept as the reference */
const PAIRS: [string, RegExp, RegExp, Use, string[]][] = [
  [
    'unglue thousands',
    /(?<![\d,]\s?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)\b\d{1,3}(?:, \d{3})+$/gi,
    /\b(?<![\d,]\s?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)\d{1,3}(?:, \d{3})+$/gi,
    replace,
    [' ', '  ', ',', ', ', '1', '23', '500', '000', 'sept', 'Sep', 'Sept.', 'dec', 'a', '.'],
  ],
  [
    'QUALIFIER',
    /,\s|\s+(?:in|at|near|for|from|during|on|or)\s+|\s+of\s+(?=\d)/i,
    /,\s|(?<!\s)\s+(?:in|at|near|for|from|during|on|or)\s+|(?<!\s)\s+of\s+(?=\d)/i,
    exec,
    [' ', '\t', ',', 'in', 'or', 'of', 'On', '1', 'a', 'A'],
  ],
  ['OF_NAME', /\s+of\s+(?=\p{Lu})/u, /(?<!\s)\s+of\s+(?=\p{Lu})/u, exec, [' ', '\t', 'of', 'o', 'f', 'A', 'a', ',']],
  ['coreOf', /\s*\([^()]*\)\s*/g, /(?:(?<!\s)\s+)?\([^()]*\)\s*/g, replace, [' ', '\t', '(', ')', 'a', 'B']],
  ['two answers', /\s+or\s+/, /(?<!\s)\s+or\s+/, split, [' ', '\t', 'or', 'o', 'r', 'A']],
  ['mojibake', /[^\u0000-\u00ff]/, /[\u0100-\uffff]/, exec, ['\u0000', 'a', '\u00ff', '\u0100', '\uffff', '\ud83d', '\ude00', 'é']],
  [
    'HONOURS',
    /,?\s+(?:jr|sr|obe|cbe|mbe|kbe|dbe|phd|md|qc|kc|esq)\.?$/i,
    /,?(?<!\s)\s+(?:jr|sr|obe|cbe|mbe|kbe|dbe|phd|md|qc|kc|esq)\.?$/i,
    replace,
    [' ', '\t', ',', 'Jr', 'jr', '.', 'OBE', 'x'],
  ],
];
/* eslint-enable no-control-regex, regexp/no-dupe-disjunctions */

describe('regex rewrites for the ReDoS lint', () => {
  it.each(PAIRS)('%s: the same as the former pattern', (_, old, now, use, pieces) => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), (parts) => {
        const s = parts.join('');
        expect(use(now, s)).toEqual(use(old, s));
      }),
      { numRuns: 4000 },
    );
  });

  it.each([
    ['7, 826, 367', '7,826,367'],
    ['about 500, 000', 'about 500,000'],
    ['April 23, 303', 'April 23, 303'],
    ['Sept 4, 300', 'Sept 4, 300'],
  ])('unglue(%j) → %j', (input, expected) => {
    expect(unglue(input)).toBe(expected);
  });

  it('unglue stays linear on a long run of spaces (10× the input, < 30× the time)', () => {
    const time = (n: number): number => {
      const input = `jan${' '.repeat(n)}1, 000x ${'a '.repeat(n)}`;
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) unglue(input);
      return performance.now() - t0;
    };
    time(2000); // warm-up
    // The best of three, and a floor, so that a pause of a busy machine does not read as a slope.
    const small = Math.max(Math.min(time(2000), time(2000), time(2000)), 0.5);
    const large = Math.min(time(20000), time(20000), time(20000));
    expect(large / small).toBeLessThan(30);
  });
});
