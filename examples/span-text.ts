import assert from 'node:assert/strict';
import { spanText } from '../src/index.js';

const text = 'one two three';
assert.equal(spanText(text, [{ start: 0, end: 3 }, { start: 8, end: 13 }]), 'one\nthree');
