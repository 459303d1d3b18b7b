import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

/** Splits `chunks` as the CLI does and returns the lines. */
function split(chunks: readonly string[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter();
  for (const chunk of chunks) splitter.push(chunk, (l) => lines.push(l));
  splitter.end((l) => lines.push(l));
  return lines;
}

describe('LineSplitter', () => {
  it.each([
    ['a\nb\n', ['a', 'b']],
    ['a\nb', ['a', 'b']],
    ['a\n\nb\n', ['a', '', 'b']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['\ufeffa\n\ufeffb\n', ['a', '\ufeffb']], // only the first line's BOM is dropped
    ['', []],
    ['\n', ['']],
  ])('%j → %j', (text, lines) => {
    expect(split([text])).toEqual(lines);
  });

  it('joins a line cut across chunks, also between \\r and \\n', () => {
    expect(split(['{"a":', '1}\r', '\n{"b"', ':2}'])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('gives the same lines however the text is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'é', '\n', '\r\n', ' ', '{', '}'), { maxLength: 60 }), fc.array(fc.nat(60)), (parts, cuts) => {
        const text = parts.join('');
        const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => text.slice(start, points[i] ?? text.length));
        const expected = text === '' ? [] : text.replace(/\n$/, '').split('\n').map((l) => l.replace(/\r$/, ''));
        expect(split(chunks)).toEqual(expected);
      }),
    );
  });
});
