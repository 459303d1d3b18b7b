import assert from 'node:assert/strict';
import { rubricScore } from '../src/index.js';

const text = 'Köln lies on the Rhine.';
const score = rubricScore(text, [{ name: 'Cologne', aliases: ['Köln'] }, 'Rhine', 'North Sea']);

assert.equal(score.recall, 2 / 3);
assert.equal(score.hits, 2);
assert.equal(score.total, 3);
const [cologne] = score.entities;
assert.deepEqual(cologne?.mentions, [{ start: 0, end: 4, text: 'Köln', alias: 'Köln', how: 'exact' }]);
