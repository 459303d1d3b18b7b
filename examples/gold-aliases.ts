import assert from 'node:assert/strict';
import { goldAliases } from '../src/index.js';

assert.deepEqual(goldAliases({ answer: ' Paris ', aliases: ['Paris', 'Paris, France'] }), ['Paris', 'Paris, France']);
assert.deepEqual(goldAliases(['North Sea', 'German Ocean']), ['North Sea', 'German Ocean']);
assert.throws(() => goldAliases('  '), { name: 'ValidationError', code: 'INVALID_GOLD_ANSWER' });
