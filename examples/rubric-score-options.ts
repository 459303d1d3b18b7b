import assert from 'node:assert/strict';
import { rubricScore, splitResponse } from '../src/index.js';

const response =
  '<think>The film was directed by Ang Lee, not by Zhang Yimou.</think>' +
  '<information>Zhang Yimou directed Hero. Ang Lee was born in Pingtung.</information>Pingtung';
const { reasoning } = splitResponse(response); // retrieved documents are left out

const score = rubricScore(response, [{ name: 'Ang Lee', weight: 2 }, 'Pingtung'], {
  ranges: reasoning,
  distractors: ['Zhang Yimou', 'Hero'],
});

assert.equal(score.recall, 2 / 3); // weights: Ang Lee (2) found, Pingtung (1) only in the documents and the answer
assert.deepEqual(score.distractors, { mentioned: 1, total: 2, names: ['Zhang Yimou'] });
