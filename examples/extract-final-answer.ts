import assert from 'node:assert/strict';
import { extractFinalAnswer } from '../src/index.js';

const response = '<think>Maybe Lyon? No.</think>\n**Final answer:** Paris.';
const found = extractFinalAnswer(response);

assert.equal(found?.text, 'Paris');
assert.equal(found?.method, 'answer-line');
assert.equal(response.slice(found?.start, found?.end), 'Paris.'); // before cleaning
assert.equal(extractFinalAnswer('<think>no closing tag'), null);
