import assert from 'node:assert/strict';
import { normalizeText } from '../src/index.js';

assert.equal(normalizeText('The U.S.A.'), 'the usa');
assert.equal(normalizeText('Tōkyō’s 1,500'), normalizeText('tokyo 1500'));
