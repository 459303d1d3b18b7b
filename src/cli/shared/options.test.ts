import { describe, expect, it } from 'vitest';
import { ScoreOptionsSchema } from '../score/options.js';
import { byteSize, integerIn, numberIn, oneOf, parseOptions, UsageError } from './options.js';

const defaults = { normalizeRubric: true, maxGroupSize: '10000', summary: 'table', top: '10', progress: true };

describe('option values', () => {
  it.each([
    ['0', 0], ['1', 1], ['0.3', 0.3], ['.5', 0.5], [' 0.25 ', 0.25], ['1e-1', 0.1],
  ])('numberIn(0, 1) accepts %j', (text, value) => {
    expect(numberIn(0, 1).parse(text)).toBe(value);
  });

  it.each(['', ' ', 'abc', '1.5', '-0.1', '0x1', 'Infinity', 'NaN', '1,5'])('numberIn(0, 1) refuses %j', (text) => {
    expect(numberIn(0, 1).safeParse(text).success).toBe(false);
  });

  it.each([['8', true], ['0', false], ['2.5', false], ['-1', false], ['', false]])('integerIn(1, 10) on %j: %s', (text, ok) => {
    expect(integerIn(1, 10).safeParse(text).success).toBe(ok);
  });

  it.each([['1048576', 1048576], ['512kb', 524288], ['10MB', 10485760], ['0', undefined], ['1gb', undefined], ['x', undefined]])(
    'byteSize on %j',
    (text, bytes) => {
      const result = byteSize(1024 ** 3).safeParse(text);
      expect(result.success ? result.data : undefined).toBe(bytes);
    },
  );

  it('oneOf lists the choices', () => {
    expect(oneOf(['a', 'b']).safeParse('c').error?.issues[0]?.message).toBe('expected one of a, b');
  });
});

describe('parseOptions', () => {
  it('returns typed options', () => {
    expect(parseOptions(ScoreOptionsSchema, { ...defaults, eta: '0.5', strategy: 'mixed' }, {})).toEqual({
      ...defaults, eta: 0.5, strategy: 'mixed', maxGroupSize: 10000, top: 10,
    });
  });

  it('names every bad flag, with the value given', () => {
    const flags = { eta: '--eta', rubricSource: '--rubric-source' };
    expect(() => parseOptions(ScoreOptionsSchema, { ...defaults, eta: '2', rubricSource: 'x' }, flags)).toThrow(
      new UsageError(
        'option --eta: expected a number in [0, 1], got "2"\noption --rubric-source: expected one of reasoning, content, all, got "x"',
      ),
    );
  });

  it('derives the flag from the key when it is not given', () => {
    expect(() => parseOptions(ScoreOptionsSchema, { ...defaults, maxGroupSize: '0' }, {})).toThrow(/^option --max-group-size: /);
  });
});
