import assert from 'node:assert/strict';
import {
  BuildStats, approxTokenizer, buildRow, chainProblem, createBm25Retriever, createManifest, createMemoryStore, docKeys,
  fromTrainingRow,
} from 'longtrace-reward/data';

const corpus = createMemoryStore([
  { id: 'd1', title: 'Cologne', text: 'Cologne is a city on the Rhine in Germany.' },
  { id: 'd2', title: 'Rhine', text: 'The Rhine flows north and empties into the North Sea.' },
  { id: 'd3', title: 'Danube', text: 'The Danube flows east into the Black Sea.' },
  { id: 'd4', title: 'Elbe', text: 'The Elbe flows through Hamburg.' },
]);
// One notion of identity everywhere: id, then URL key, then folded title.
assert.deepEqual(docKeys({ id: 'd1', title: 'Köln!' }), ['id:d1', 'title:koln']);

const config = {
  corpus, retriever: await createBm25Retriever(corpus), tokenizer: approxTokenizer, budgetTokens: 400, seed: 7,
  goldPlacement: 'uniform' as const, format: 'slime' as const, rowOptions: {}, keepAnswerDistractors: false,
};
const question = { id: 'q1', question: 'Into which sea does the river through Cologne flow?', answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] };
const stats = new BuildStats(config.budgetTokens);

const built = await buildRow(question, 0, config);
stats.add(built);
assert.equal(built.ok, true);
const parts = built.ok ? fromTrainingRow(built.row) : undefined;
assert.equal(parts?.format, 'slime');
assert.deepEqual(parts?.entities, ['Cologne', 'Rhine', 'North Sea']);
assert.deepEqual(parts?.provenance?.docs.gold, ['d1', 'd2']);

// An answer the scorer would refuse is a dropped row with its reason, and the run goes on.
const odd = await buildRow({ ...question, id: 'q2', answer: '???' }, 1, config);
stats.add(odd);
assert.deepEqual(odd.ok ? undefined : odd.reason, 'invalid-answer');
assert.match(chainProblem({ id: 'c', seed: 0, triples: [], entities: ['!!!', 'B'], answer: { answer: 'B', aliases: [] } }) ?? '', /no letters or digits/);

const manifest = createManifest({ version: '0.1.0', format: 'slime', options: {}, seed: 7, tokenizer: 'approx', tiers: 'bm25', status: 'complete' }, stats);
assert.deepEqual(manifest.counts, { questions: 2, kept: 1, dropped: { 'invalid-answer': 1 }, distractorsDropped: {} });
