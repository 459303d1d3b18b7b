import assert from 'node:assert/strict';
import { createEntityMatcher } from '../src/index.js';

const matcher = createEntityMatcher(['Cologne', { name: 'Tchaikovsky', aliases: ['Pyotr Ilyich Tchaikovsky'] }]);

const text = 'Tchaikovksy visited Köln';
const hits = matcher.match(text);
assert.deepEqual(hits.map((h) => h.found), [false, true]); // Köln is not an alias here; the typo is forgiven
const mention = hits[1]!.mentions[0]!;
assert.deepEqual(mention, { start: 0, end: 11, text: 'Tchaikovksy', alias: 'Tchaikovsky', how: 'fuzzy' });
assert.equal(text.slice(mention.start, mention.end), mention.text);

// Search only part of the text: the typo at [0, 11) lies outside [12, 24).
assert.deepEqual(matcher.match(text, { ranges: [{ start: 12, end: 24 }] }).map((h) => h.found), [false, false]);
