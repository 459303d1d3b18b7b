import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_LINE } from './parse-reply.js';

// The pattern FIELD_LINE replaced (ReDoS lint: cubic on a long run of spaces before a lone "\r").
// eslint-disable-next-line regexp/no-super-linear-backtracking -- the former pattern, kept as the reference; run on short lines here
const OLD = /^[ \t]*(?:[-*+>#]+[ \t]*|\d+[.)][ \t]*)?(?:\*\*|__|\*|_)?([A-Za-z][A-Za-z _-]{0,40}?)[ \t]*(?:\*\*|__|\*|_)?[ \t]*(?:\?[ \t]*[:：=]?|[:：=]|\s[-–—]\s|$)(?:\*\*|__|\*|_)?[ \t]*(.*)$/;

const read = (re: RegExp, line: string): [string, string] | null => {
  const m = re.exec(line);
  return m === null ? null : [m[1]!, m[2]!];
};

describe('FIELD_LINE', () => {
  it.each<[string, [string, string] | null]>([
    ['**Correct:** yes', ['Correct', 'yes']],
    ['- Correct = yes', ['Correct', 'yes']],
    ['### Justification', ['Justification', '']],
    ['Correct — yes', ['Correct', 'yes']],
    ['Is it correct? yes', ['Is it correct', 'yes']],
    ['Is it correct?  : **yes**', ['Is it correct', '**yes**']],
    ['1. Extracted answer:   Paris  ', ['Extracted answer', 'Paris  ']],
    ['__Correct__ :  no', ['Correct', 'no']],
    ['Correct:\tyes\r', null],
    ['   ', null],
    ['42', null],
  ])('%j', (line, expected) => {
    expect(read(FIELD_LINE, line)).toEqual(expected);
    expect(read(OLD, line)).toEqual(expected);
  });

  it('reads every line as the former pattern did', () => {
    const unit = fc.constantFrom(' ', ' ', '\t', '\u00a0', '*', '_', '-', '–', '—', '#', '>', '1', '.', ')', '?', ':', '：', '=', 'a', 'C', '\r');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 16 }), (line) => {
        expect(FIELD_LINE.exec(line)).toEqual(OLD.exec(line));
      }),
      { numRuns: 20000 },
    );
  });

  it('takes linear time on runs of spaces before a lone "\\r" (10× the input, < 30× the time)', () => {
    const time = (n: number): number => {
      const spaces = ' '.repeat(n);
      const lines = [`Correct${spaces}\r`, `Correct?${spaces}\r`, `Correct:${spaces}\r`, `Correct**${spaces}x\r`];
      const t0 = performance.now();
      for (let i = 0; i < 5; i++) for (const line of lines) FIELD_LINE.exec(line);
      return performance.now() - t0;
    };
    time(3000); // warm-up
    // The best of three, on inputs long enough (a few ms for the smaller) that a pause of a busy
    // machine does not read as a slope; a quadratic pattern would take ~100× the time, a cubic ~1000×.
    const small = Math.max(Math.min(time(3000), time(3000), time(3000)), 0.5);
    const large = Math.min(time(30000), time(30000), time(30000));
    expect(large / small).toBeLessThan(30);
  });
});
