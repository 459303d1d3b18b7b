import assert from 'node:assert/strict';
import { checkQuestion, loadGraph, sampleWalks, templateQuestion } from '../src/data/index.js';
import { rubricReward } from '../src/index.js';

// A file path (.tsv, .jsonl, .nt, optionally .gz) works the same as an iterable of triples.
const graph = await loadGraph(
  [
    { subject: 'Q1', relation: 'P19', object: 'Q2' }, // Marie Curie, place of birth, Warsaw
    { subject: 'Q2', relation: 'P17', object: 'Q3' }, // Warsaw, country, Poland
    { subject: 'Q3', relation: 'P36', object: 'Q2' }, // Poland, capital, Warsaw
  ],
  {
    labels: [
      { id: 'Q1', label: 'Marie Curie', aliases: ['Maria Skłodowska'] },
      { id: 'Q2', label: 'Warsaw', aliases: ['Warszawa'] },
      { id: 'Q3', label: 'Poland', aliases: ['Republic of Poland'] },
    ],
    relations: [
      { id: 'P19', label: 'place of birth' },
      { id: 'P17', label: 'country' },
      { id: 'P36', label: 'capital' },
    ],
  },
);

const run = sampleWalks(graph, { count: 3, hops: 2, seed: 7 });
const { chains, stats } = run.collect();
const chain = chains.find((c) => c.triples[0]!.subject === 'Q1');
assert.ok(chain);
assert.deepEqual(chain.answer, { answer: 'Poland', aliases: ['Republic of Poland'] });
assert.ok(stats.rejected.revisit > 0); // Poland → Warsaw → Poland comes back to its start

const question = templateQuestion(chain);
assert.equal(question, 'What is the country of the birthplace of Marie Curie?');
assert.deepEqual(checkQuestion(question, chain), { ok: true, reasons: [], leaked: [] });
assert.deepEqual(checkQuestion('Marie Curie was born in Warszawa: in which country is it?', chain).reasons, ['bridge-leak']);

// The chain is the rubric: its entities and answer go into rubricReward as they are.
const result = rubricReward({
  response: '<think>Marie Curie was born in Warsaw, the capital of Poland.</think> The answer is Poland.',
  answer: chain.answer,
  entities: chain.entities,
});
assert.equal(result.reward, 1);
