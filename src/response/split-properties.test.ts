import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAT_END_TOKENS, DEFAULT_EXCLUDED_BLOCKS, DEFAULT_TOOL_CALL_BLOCKS, THINK_CLOSE, THINK_OPEN, type ExcludedBlock } from './markers.js';
import { DEFAULT_MARKERS, expectValidSplit } from './split-assertions.test-helper.js';
import { isWhitespace } from './span.js';
import { splitMessages } from './split-messages.js';
import { splitResponse } from './split-response.js';

// Texts built mostly from markers, pieces of markers and whitespace, so that the interesting
// interleavings (unclosed blocks, stray closes, near-misses like `<thin`) come up often.
const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...DEFAULT_MARKERS) },
  { weight: 2, arbitrary: fc.constantFrom('<', '</', '<|', '<｜', '<think', 'think>', '|>', '▁', '</s', '<search') },
  { weight: 2, arbitrary: fc.constantFrom(' ', '\n', '\n\n', '\u3000', '\t') },
  { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'binary' }) },
);
const markerText = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));
const anyText = fc.oneof(markerText, fc.string({ maxLength: 200 }), fc.string({ maxLength: 50, unit: 'binary' }));

/**
 * A deliberately naive reference for which characters are cut: at each position take the longest
 * marker starting there; an excluded open swallows everything through its close (or to the end).
 */
function cutMask(text: string, exclude: readonly ExcludedBlock[], others: readonly string[]): boolean[] {
  const cut: boolean[] = new Array<boolean>(text.length).fill(false);
  const all = [...others, ...exclude.flatMap((b) => [b.open, b.close])];
  let i = 0;
  while (i < text.length) {
    let best = '';
    for (const m of all) if (m.length > best.length && text.startsWith(m, i)) best = m;
    if (best === '') {
      i++;
      continue;
    }
    let end = i + best.length;
    const block = exclude.find((b) => b.open === best);
    if (block !== undefined) {
      const c = text.indexOf(block.close, end);
      end = c === -1 ? text.length : c + block.close.length;
    }
    for (let k = i; k < end; k++) cut[k] = true;
    i = end;
  }
  return cut;
}

function expectCoverage(text: string, exclude: readonly ExcludedBlock[], others: readonly string[], spans: { start: number; end: number }[]): void {
  const cut = cutMask(text, exclude, others);
  const covered: boolean[] = new Array<boolean>(text.length).fill(false);
  for (const s of spans) for (let k = s.start; k < s.end; k++) covered[k] = true;
  for (let k = 0; k < text.length; k++) {
    // Every kept character is covered; whitespace may be dropped with a blank stretch.
    if (cut[k]) expect(covered[k], `cut char ${k} is in a span`).toBe(false);
    else if (!isWhitespace(text.charCodeAt(k))) expect(covered[k], `char ${k} is in no span`).toBe(true);
  }
}

const DEFAULT_OTHERS = [THINK_OPEN, THINK_CLOSE, ...CHAT_END_TOKENS, ...DEFAULT_TOOL_CALL_BLOCKS.flatMap((b) => [b.open, b.close])];

describe('splitResponse properties', () => {
  it('spans are valid, marker-free and deterministic for any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const a = splitResponse(text);
        expectValidSplit(text, a);
        expect(splitResponse(text)).toEqual(a);
      }),
      { numRuns: 2000 },
    );
  });

  it('every character is either cut as a marker / excluded block or lies in a span', () => {
    fc.assert(
      fc.property(markerText, (text) => {
        const { reasoning, content } = splitResponse(text);
        expectCoverage(text, DEFAULT_EXCLUDED_BLOCKS, DEFAULT_OTHERS, [...reasoning, ...content]);
      }),
      { numRuns: 2000 },
    );
  });

  it('text without markers is all content, and final is its trim', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }).filter((t) => !t.includes('<')), (text) => {
        const { reasoning, content, final } = splitResponse(text);
        expect(reasoning).toEqual([]);
        const trimmed = text.trim();
        expect(content).toEqual(trimmed === '' ? [] : [{ start: 0, end: text.length }]);
        expect(final === null ? null : text.slice(final.start, final.end)).toBe(trimmed === '' ? null : trimmed);
      }),
    );
  });

  it('an unclosed <think> at the end always means no final answer', () => {
    fc.assert(
      fc.property(markerText, fc.string({ maxLength: 20 }).filter((t) => !t.includes('<')), (head, tail) => {
        // The head may itself end inside an excluded block that swallows the tag; either way no final.
        expect(splitResponse(`${head}<think>${tail}`).final).toBeNull();
      }),
    );
  });

  it('holds for caller-supplied markers too, even overlapping ones', () => {
    const marker = fc.string({ unit: fc.constantFrom('a', 'b', '<', '>'), minLength: 1, maxLength: 3 });
    const blocks = fc.array(fc.record({ open: marker, close: marker }), { maxLength: 3 });
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '<', '>', ' ', 'x'), maxLength: 60 });
    fc.assert(
      fc.property(blocks, text, (exclude, t) => {
        const split = splitResponse(t, { exclude, toolCalls: false });
        const others = [THINK_OPEN, THINK_CLOSE, ...CHAT_END_TOKENS];
        expectValidSplit(t, split, [...others, ...exclude.flatMap((b) => [b.open, b.close])]);
        expectCoverage(t, exclude, others, [...split.reasoning, ...split.content]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitMessages properties', () => {
  it('one assistant message gives exactly the split of its content', () => {
    fc.assert(
      fc.property(markerText, (text) => {
        expect(splitMessages([{ role: 'user', content: 'q' }, { role: 'assistant', content: text }])).toEqual({ text, ...splitResponse(text) });
      }),
    );
  });

  it('spans are valid over the joined text for any chat', () => {
    const role = fc.constantFrom('system', 'user', 'assistant', 'tool') as fc.Arbitrary<'system' | 'user' | 'assistant' | 'tool'>;
    const message = fc.record({ role, content: fc.option(markerText), reasoning_content: fc.option(markerText) }, { requiredKeys: ['role'] });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 5 }), (messages) => {
        const split = splitMessages(messages);
        expectValidSplit(split.text, split);
        if (messages.at(-1)?.role !== 'assistant') expect(split.final).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});
