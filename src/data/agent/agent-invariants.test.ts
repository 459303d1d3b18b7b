// Whatever a model says, a run ends within maxTurns with a defined stop, never throws, and writes a
// trajectory readTrajectory reads. The model here is an in-process transport playing arbitrary
// replies: text built from the protocols' own markers and noise, tool calls with arbitrary names
// and argument text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { R1_SEARCHER_MARKERS, SEARCH_R1_MARKERS } from '../trace-markers.js';
import { readTrajectory, runSearchAgent, type ChatReply, type ChatTransport, type Doc, type SearchBackend } from '../index.js';

const docs: Doc[] = Array.from({ length: 8 }, (_, i) => ({ id: `d${i}`, title: `Page ${i}`, text: `Text of page ${i}.` }));
const search: SearchBackend = {
  name: 'fixed',
  search: (queries, k) => Promise.resolve(queries.map((q) => docs.slice(q.length % 4, (q.length % 4) + k).map((doc, i) => ({ doc, score: k - i })))),
  open: (id) => Promise.resolve(docs.find((d) => d.id === id)),
};

/** A transport that plays `replies` in order, then the last one again. */
function playing(replies: ChatReply[]): ChatTransport {
  let n = 0;
  return { model: 'arbitrary', send: () => Promise.resolve(replies[Math.min(n++, replies.length - 1)]!) };
}

const markers = [...Object.values(SEARCH_R1_MARKERS), ...Object.values(R1_SEARCHER_MARKERS), '<think>', '</think>', 'Doc 1(Title: "Page 1") x', '(1)Page 2   y'];
const text = fc.array(fc.oneof(fc.constantFrom(...markers), fc.string({ maxLength: 12 })), { maxLength: 12 }).map((parts) => parts.join(''));
const toolCall = fc.record({
  name: fc.constantFrom('search', 'open', 'finish', 'browse', ''),
  args: fc.oneof(
    fc.constantFrom('{"query":"page"}', '{"id":"d1"}', '{"id":"nope"}', '{"answer":"x","citations":["d1","zz"]}', '{', '[]', 'null', ''),
    fc.string({ maxLength: 20 }),
  ),
});
const reply = fc.record({
  content: fc.option(text, { nil: null }),
  calls: fc.array(toolCall, { maxLength: 3 }),
  finishReason: fc.constantFrom('stop', 'length', 'tool_calls', null),
  stopReason: fc.option(fc.constantFrom(...markers), { nil: undefined }),
}).map(({ content, calls, finishReason, stopReason }): ChatReply => {
  const out: ChatReply = {
    content,
    toolCalls: calls.map((c, i) => ({ id: `c${i}`, type: 'function', function: { name: c.name, arguments: c.args } })),
    finishReason,
    usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
  };
  if (stopReason !== undefined) out.stopReason = stopReason;
  return out;
});

describe('runSearchAgent under arbitrary model replies', () => {
  it.each([
    ['tools', {}],
    ['tags, Search-R1', { protocol: 'tags' as const }],
    ['tags, R1-Searcher', { protocol: 'tags' as const, tags: { dialect: 'r1-searcher' as const } }],
  ])('%s: ends within maxTurns, with a stop, usage per turn, and a readable trajectory', async (_, protocol) => {
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 6 }), async (replies, maxTurns) => {
        const result = await runSearchAgent('Which page?', { client: playing(replies), search, maxTurns, ...protocol });
        expect(['answered', 'max-turns', 'bad-tool-call']).toContain(result.stop);
        expect(result.turns).toBeGreaterThanOrEqual(1);
        expect(result.turns).toBeLessThanOrEqual(maxTurns);
        expect(result.usage).toEqual({ promptTokens: 3 * result.turns, completionTokens: 2 * result.turns, totalTokens: 5 * result.turns });
        if (result.stop === 'max-turns') expect(result.turns).toBe(maxTurns);
        if (result.stop === 'answered') expect(result.trajectory.answer).toBeTypeOf('string');
        const read = readTrajectory(result.trajectory);
        // Everything cited was met along the way.
        const met = new Set(read.seen.map((d) => d.id));
        expect(result.trajectory.citations.every((id) => met.has(id))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
