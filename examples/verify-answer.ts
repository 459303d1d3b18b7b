import assert from 'node:assert/strict';
import { verifyAnswer } from '../src/index.js';

const verdict = verifyAnswer('<think>…</think> The answer is \\boxed{Paris}.', ['Paris', 'Paris, France']);
assert.deepEqual(verdict, { correct: true, score: 1, method: 'exact', extracted: 'Paris', matched: 'Paris' });

assert.equal(verifyAnswer('Final answer: 1,500 km', '1500 kilometres').method, 'exact');
assert.equal(verifyAnswer('Answer: Wilhelm Röntgen', { answer: 'Wilhelm Conrad Röntgen', aliases: ['Röntgen'] }).correct, true);
assert.equal(verifyAnswer('It is Paris or Lyon.', 'Paris').method, 'hedged');
assert.equal(verifyAnswer('The answer is not Paris.', 'Paris').method, 'negated');
assert.equal(verifyAnswer('<think>Still thinking about Par', 'Paris').method, 'no-answer');
