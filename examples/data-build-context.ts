import assert from 'node:assert/strict';
import { buildContext, readTrajectory, tierDocuments, toTrainingRow } from '../src/data/index.js';

// A search agent's log in the native format: what it searched, saw, opened and cited.
const trajectory = readTrajectory({
  steps: [
    { search: { query: 'Revenge of the Ninja director', results: [
      { id: 'rn', title: 'Revenge of the Ninja' },
      { id: 'en', title: 'Enter the Ninja' },
      { id: 'ng', title: 'Ninja Gaiden' },
      { id: 'am', title: 'American Ninja' },
    ] } },
    { open: { id: 'rn' } },
    { open: { id: 'en' } },
    { open: { id: 'am' } },
  ],
  citations: ['rn'],
  answer: 'Poland',
});

const corpus = [
  { id: 'rn', title: 'Revenge of the Ninja', text: 'Revenge of the Ninja is a 1983 film directed by Sam Firstenberg.' },
  { id: 'sf', title: 'Sam Firstenberg', text: 'Sam Firstenberg is a film director born in Poland.' },
  { id: 'en', title: 'Enter the Ninja', text: 'Enter the Ninja is a 1981 film directed by Menahem Golan.' },
  { id: 'ng', title: 'Ninja Gaiden', text: 'Ninja Gaiden is a video game series.' },
  { id: 'am', title: 'American Ninja', text: 'American Ninja was shot in the Philippines, not in Poland.' },
];
const gold = [{ id: 'rn' }, { id: 'sf' }];
const answer = { answer: 'Poland', aliases: ['Republic of Poland'] };

// Tier-1: opened but not cited; Tier-2: seen but never opened; a distractor naming the answer is dropped.
const tiers = tierDocuments({ trajectory, gold, answer, corpus });
assert.deepEqual(tiers.tier1.map((d) => d.id), ['en']);
assert.deepEqual(tiers.tier2.map((d) => d.id), ['ng']);
assert.deepEqual(tiers.dropped.map((d) => `${d.id}: ${d.reason}`), ['rn: gold', 'am: answer-in-distractor']);

const question = 'Where was the director of Revenge of the Ninja born?';
const context = buildContext(tiers, { budgetTokens: 200, seed: 7, question, goldPlacement: 'spread' });
assert.ok(context.tokens <= 200);
assert.equal(context.documents.length, 4);
assert.deepEqual(context.documents.filter((d) => d.tier === 'gold').map((d) => d.id), ['rn', 'sf']);
assert.match(context.prompt, /^Answer the question based on the documents below\./);
assert.match(context.prompt, /\[Doc 1\] /);

// A slime row for THU-KEG/LongTraceRL's trainer; our /evaluate and `score` read it as it is.
const row = toTrainingRow({ id: 'ninja', question, answer, entities: ['Revenge of the Ninja', 'Sam Firstenberg', 'Poland'], context, tiers: tiers.source }, 'slime');
assert.equal(row.input_messages[0]?.content, context.prompt);
assert.deepEqual(row.label, ['Poland', 'Republic of Poland']);
assert.deepEqual(row.metadata.extra_reward_info.rubrics, ['Revenge of the Ninja', 'Sam Firstenberg', 'Poland']);
assert.deepEqual(row.metadata.provenance.docs.tier1, ['en']);
console.log(context.prompt);
