// Assertion helpers shared by the response tests; not part of the package (nothing imports it from src/index.ts).
import { expect } from 'vitest';
import { CHAT_END_TOKENS, DEFAULT_EXCLUDED_BLOCKS, DEFAULT_TOOL_CALL_BLOCKS, THINK_CLOSE, THINK_OPEN } from './markers.js';
import { isWhitespace, type Span } from './span.js';
import type { SplitResponse } from './split-response.js';

/** Every marker the default options cut out of spans. */
export const DEFAULT_MARKERS: readonly string[] = [
  THINK_OPEN,
  THINK_CLOSE,
  ...CHAT_END_TOKENS,
  ...DEFAULT_EXCLUDED_BLOCKS.flatMap((b) => [b.open, b.close]),
  ...DEFAULT_TOOL_CALL_BLOCKS.flatMap((b) => [b.open, b.close]),
];

/** The split as strings, which reads far better in a table than offsets do. */
export function view(text: string, split: SplitResponse): { reasoning: string[]; content: string[]; final: string | null } {
  const slice = (s: Span): string => text.slice(s.start, s.end);
  return {
    reasoning: split.reasoning.map(slice),
    content: split.content.map(slice),
    final: split.final === null ? null : slice(split.final),
  };
}

/** Asserts the span invariants every split must satisfy, whatever the input. */
export function expectValidSplit(text: string, split: SplitResponse, markers: readonly string[] = DEFAULT_MARKERS): void {
  for (const list of [split.reasoning, split.content]) {
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      expect(Number.isInteger(s.start) && Number.isInteger(s.end)).toBe(true);
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(text.length);
      expect(s.start).toBeLessThan(s.end);
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(list[i - 1]!.end);
      expect([...text.slice(s.start, s.end)].every((ch) => isWhitespace(ch.charCodeAt(0)))).toBe(false);
    }
  }
  // Reasoning and content never share a character.
  const all = [...split.reasoning, ...split.content].sort((a, b) => a.start - b.start);
  for (let i = 1; i < all.length; i++) expect(all[i]!.start).toBeGreaterThanOrEqual(all[i - 1]!.end);
  for (const s of all) {
    const piece = text.slice(s.start, s.end);
    for (const m of markers) expect(piece.includes(m), `${JSON.stringify(piece)} contains ${m}`).toBe(false);
  }
  const f = split.final;
  if (f !== null) {
    // The final answer is a trimmed piece of one content span.
    expect(split.content.some((s) => s.start <= f.start && f.end <= s.end)).toBe(true);
    expect(f.start).toBeLessThan(f.end);
    expect(isWhitespace(text.charCodeAt(f.start))).toBe(false);
    expect(isWhitespace(text.charCodeAt(f.end - 1))).toBe(false);
  }
}
