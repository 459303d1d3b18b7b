import assert from 'node:assert/strict';
import { createBm25Retriever, readTrajectory, runSearchAgent, tierDocuments, type ChatReply, type ChatTransport } from '../src/data/index.js';

const corpus = [
  { id: 'rn', title: 'Revenge of the Ninja', text: 'Revenge of the Ninja is a 1983 film directed by Sam Firstenberg.' },
  { id: 'sf', title: 'Sam Firstenberg', text: 'Sam Firstenberg is a film director born in Poland.' },
  { id: 'en', title: 'Enter the Ninja', text: 'Enter the Ninja is a 1981 ninja film directed by Menahem Golan.' },
  { id: 'ng', title: 'Ninja Gaiden', text: 'Ninja Gaiden is a video game series.' },
  { id: 'am', title: 'American Ninja', text: 'American Ninja was shot in the Philippines, not in Poland.' },
];
const search = await createBm25Retriever(corpus);

// Your model goes here: createLlmClient({ baseURL, model }) is a ChatTransport. This stand-in plays
// an agent that searches, opens the top two results, searches for the director, then finishes.
const calls = (...list: [name: string, args: object][]): ChatReply => ({
  content: null,
  toolCalls: list.map(([name, args], i) => ({ id: `call${i}`, type: 'function', function: { name, arguments: JSON.stringify(args) } })),
  finishReason: 'tool_calls',
});
const plan = [
  calls(['search', { query: 'Revenge of the Ninja director' }]),
  calls(['open', { id: 'rn' }], ['open', { id: 'en' }]),
  calls(['search', { query: 'Sam Firstenberg born' }]),
  calls(['finish', { answer: 'Poland', citations: ['rn', 'sf'] }]),
];
let turn = 0;
const model: ChatTransport = { model: 'scripted', send: () => Promise.resolve(plan[turn++]!) };

const { trajectory, stop, turns } = await runSearchAgent('Where was the director of Revenge of the Ninja born?', { client: model, search, topk: 4 });
assert.equal(stop, 'answered');
assert.equal(turns, 4);
assert.deepEqual(trajectory.citations, ['rn', 'sf']);

// What it opened but did not cite is Tier-1; what it saw and never opened, Tier-2.
const tiers = tierDocuments({ trajectory: readTrajectory(trajectory), gold: [{ id: 'rn' }, { id: 'sf' }], answer: 'Poland', corpus });
assert.deepEqual(tiers.tier1.map((d) => d.id), ['en']);
assert.deepEqual(tiers.tier2.map((d) => d.id), ['ng']);
console.log('tier 1:', tiers.tier1.map((d) => d.title), 'tier 2:', tiers.tier2.map((d) => d.title));
