import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderText, type MarkRange, type UncountedRange } from '../../src/report/rollouts/layout.js';
import { parseRendered } from './html-parse.js';

/** The distinct mentions drawn: `[start, end, entity]`, the parts of a split one taken as the whole. */
function mentionsOf(html: string): MarkRange[] {
  const seen = new Map<string, MarkRange>();
  for (const m of parseRendered(html).marks) {
    const [start, end] = m.split ?? [m.start, m.end];
    seen.set(`${start},${end},${m.entity}`, [start, end, m.entity]);
  }
  return sortMarks([...seen.values()]);
}
const sortMarks = (marks: MarkRange[]) => marks.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);

describe('renderText', () => {
  it.each<[string, string, MarkRange[], [number, number] | null, UncountedRange[], string]>([
    ['a mark', 'Köln lies on the Rhine', [[0, 4, 0], [17, 22, 1]], null, [],
      '<span class="seg"><mark class="c0" data-entity="0" data-start="0" data-end="4">Köln</mark> lies on the <mark class="c1" data-entity="1" data-start="17" data-end="22">Rhine</mark></span>'],
    ['an answer box around a mark', 'so: North Sea', [[4, 13, 2]], [4, 13], [],
      '<span class="seg">so: <span class="answer" title="extracted final answer"><mark class="c2" data-entity="2" data-start="4" data-end="13">North Sea</mark></span></span>'],
    ['a documents block dimmed', 'a<information>x</information>b', [], null, [[1, 29, 1]],
      '<span class="seg">a</span><span class="seg u1">&lt;information&gt;x&lt;/information&gt;</span><span class="seg">b</span>'],
    ['escaping', '<script>alert("x")</script> & \'', [], null, [],
      '<span class="seg">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;</span>'],
    ['colours cycle after twelve', 'ab', [[0, 1, 13]], null, [],
      '<span class="seg"><mark class="c1" data-entity="13" data-start="0" data-end="1">a</mark>b</span>'],
  ])('%s', (_name, text, marks, box, uncounted, html) => {
    expect(renderText(text, uncounted, marks, box)).toBe(html);
  });

  it('nests a mark inside another and splits one that crosses it, each part sliced by its own offsets', () => {
    const text = 'New York City Hall';
    const html = renderText(text, [], [[0, 13, 0], [4, 8, 1], [9, 18, 2]], null);
    const parsed = parseRendered(html);
    for (const m of parsed.marks) expect(m.text).toBe(text.slice(m.start, m.end));
    expect(parsed.marks.filter((m) => m.split !== null).map((m) => [m.start, m.end, m.entity, m.split])).toEqual([[9, 13, 2, [9, 18]], [13, 18, 2, [9, 18]]]);
    expect(mentionsOf(html)).toEqual([[0, 13, 0], [4, 8, 1], [9, 18, 2]]);
  });

  it('folds a long stretch without mentions but keeps the marks, the answer and the edges', () => {
    const text = `Cologne ${'filler words '.repeat(800)}Rhine \\boxed{North Sea}`;
    const start = text.indexOf('North Sea');
    const html = renderText(text, [], [[0, 7, 0], [text.indexOf('Rhine'), text.indexOf('Rhine') + 5, 1]], [start, start + 9]);
    const parsed = parseRendered(html);
    expect(parsed.folds).toBe(1);
    expect(parsed.text).toBe(text);
    expect(parsed.boxes).toEqual(['North Sea']);
    expect(html).toMatch(/⋯ \d+ characters without mentions: show/);
    expect(parsed.marks.map((m) => m.text)).toEqual(['Cologne', 'Rhine']);
  });

  it('never folds a short text', () => {
    expect(parseRendered(renderText('x'.repeat(3000), [], [], null)).folds).toBe(0);
  });

  it('renders only [from, to) when asked, with the offsets of the whole text', () => {
    const text = 'Rhine\n\nDanube';
    const html = renderText(text, [], [[0, 5, 0], [7, 13, 1]], null, { from: 7, to: 13 });
    expect(parseRendered(html).text).toBe('Danube');
    expect(mentionsOf(html)).toEqual([[7, 13, 1]]);
  });

  it('is self-contained: its source evaluated alone renders the same (the page embeds it)', () => {
    const alone = new Function('__name', `return (${renderText.toString()});`)((f: unknown) => f) as typeof renderText;
    const text = `a <b>${'z'.repeat(5000)} Köln`;
    expect(alone(text, [[2, 5, 2]], [[text.length - 4, text.length, 0]], [0, 1])).toBe(renderText(text, [[2, 5, 2]], [[text.length - 4, text.length, 0]], [0, 1]));
  });

  // Any text (markup, CJK, astral characters), any marks (nested or crossing), any uncounted ranges
  // and box: our tags only, the text comes back whole, each mark slices back, and every mention is drawn.
  const alphabet = fc.constantFrom('a', 'b', ' ', '<', '>', '&', '"', "'", '京', 'é', '\n', '😀');
  const caseArb = fc
    .array(alphabet, { minLength: 1, maxLength: 120 })
    .map((chars) => chars.join(''))
    .chain((text) => {
      const n = text.length;
      const offset = fc.integer({ min: 0, max: n });
      const range = fc.tuple(offset, offset).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number]);
      // Mentions never start or end inside a surrogate pair (the matcher works on whole characters).
      const whole = (at: number) => at === 0 || at === n || !(text.charCodeAt(at) >= 0xdc00 && text.charCodeAt(at) <= 0xdfff);
      return fc.record({
        text: fc.constant(text),
        marks: fc.array(fc.tuple(range, fc.integer({ min: 0, max: 20 })), { maxLength: 8 }).map((ms) =>
          ms.filter(([[s, e]]) => e > s && whole(s) && whole(e)).map(([[s, e], k]) => [s, e, k] as MarkRange),
        ),
        cuts: fc.array(range, { maxLength: 3 }),
        box: fc.option(range, { nil: null }),
        fold: fc.boolean(),
      });
    });

  it('property: safe, lossless, and every mark slices back', () => {
    fc.assert(
      fc.property(caseArb, ({ text, marks, cuts, box, fold }) => {
        // Uncounted ranges never hold a mark (the rubric does not read them): keep the mark-free ones.
        const uncounted = cuts
          .filter(([s, e]) => e > s && marks.every((m) => m[1] <= s || m[0] >= e))
          .sort((a, b) => a[0] - b[0])
          .filter((r, i, all) => i === 0 || r[0] >= all[i - 1]![1])
          .map(([s, e]) => [s, e, 1] as UncountedRange);
        const options = fold ? { foldAbove: 10, foldStretch: 12, keep: 3 } : {};
        const html = renderText(text, uncounted, marks, box, options);
        const parsed = parseRendered(html);
        expect(parsed.foreign).toEqual([]);
        expect(parsed.text).toBe(text);
        for (const m of parsed.marks) expect(m.text).toBe(text.slice(m.start, m.end));
        expect(mentionsOf(html)).toEqual(sortMarks([...new Map(marks.map((m) => [m.join(), m])).values()]));
        // The parts of a split mention lie inside it.
        for (const m of parsed.marks.filter((p) => p.split !== null)) {
          expect(m.start).toBeGreaterThanOrEqual(m.split![0]);
          expect(m.end).toBeLessThanOrEqual(m.split![1]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
