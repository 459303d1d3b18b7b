import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumberedDocs, r1SearcherDocLine, searchR1DocLine } from './index.js';

describe('the dialects render documents that readTrajectory reads back', () => {
  // A title without the characters that end it in either dialect, a text on one line.
  const title = fc.string({ minLength: 1, maxLength: 40 }).filter((t) => /^[^\s"()][^\n"()]*[^\s"()]$|^[^\s"()]$/.test(t) && !t.includes('   '));
  const text = fc.string({ maxLength: 80 }).filter((t) => !t.includes('\n') && t.trim() === t);

  it.each([
    ['Search-R1', searchR1DocLine],
    ['R1-Searcher', r1SearcherDocLine],
  ])('%s', (_, render) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(title, text), { minLength: 1, maxLength: 5 }), (docs) => {
        const block = docs.map(([t, x], i) => render(i + 1, t, x)).join('\n');
        expect(parseNumberedDocs(block).map((d) => [d.title, d.text])).toEqual(docs);
      }),
    );
  });
});
