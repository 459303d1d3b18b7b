import assert from 'node:assert/strict';
import { tokenize } from '../src/index.js';

const text = 'São Paulo, March 14, 1879';
const tokens = tokenize(text);

assert.deepEqual(tokens.map((t) => t.key), ['sao', 'paulo', 'd:1879-03-14']);
assert.deepEqual(tokens.map((t) => t.kind), ['word', 'word', 'date']);
assert.equal(text.slice(tokens[2]!.start, tokens[2]!.end), 'March 14, 1879');
assert.deepEqual(tokenize('1.5 million km').map((t) => [t.key, t.unit]), [['n:1500000', 'km']]);
