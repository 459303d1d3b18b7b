import { describe, expect, it } from 'vitest';
import { isBlank, isWhitespace, spanText, trimSpan } from './span.js';

describe('spanText', () => {
  it.each([
    { spans: [], expected: '' },
    { spans: [{ start: 0, end: 5 }], expected: 'hello' },
    { spans: [{ start: 0, end: 5 }, { start: 6, end: 11 }], expected: 'hello\nworld' },
  ])('$expected', ({ spans, expected }) => {
    expect(spanText('hello world', spans)).toBe(expected);
  });
});

describe('trimSpan', () => {
  it.each([
    { text: '  ab  ', start: 0, end: 6, expected: { start: 2, end: 4 } },
    { text: '\u3000a\u00a0', start: 0, end: 3, expected: { start: 1, end: 2 } },
    { text: 'x \n y', start: 1, end: 4, expected: null },
    { text: 'abc', start: 1, end: 1, expected: null },
  ])('$text [$start, $end)', ({ text, start, end, expected }) => {
    expect(trimSpan(text, start, end)).toEqual(expected);
  });
});

describe('isWhitespace', () => {
  it('agrees with String.prototype.trim on every UTF-16 code unit', () => {
    const disagree: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (isWhitespace(c) !== (String.fromCharCode(c).trim() === '')) disagree.push(c);
    }
    expect(disagree).toEqual([]);
  });

  it.each([
    { text: '', blank: true },
    { text: ' \t\r\n', blank: true },
    { text: ' a ', blank: false },
  ])('isBlank($text)', ({ text, blank }) => {
    expect(isBlank(text, 0, text.length)).toBe(blank);
  });
});
