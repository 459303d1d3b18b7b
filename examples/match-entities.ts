import assert from 'node:assert/strict';
import { matchEntities } from '../src/index.js';

const hits = matchEntities('The U.S. joined the un in 1945.', [{ name: 'United States', aliases: ['US'] }, { name: 'United Nations', aliases: ['UN'] }]);

assert.deepEqual(hits.map((h) => h.found), [true, false]); // 'un' in lower case is no acronym
assert.equal(hits[0]!.mentions[0]!.how, 'folded');
assert.equal(matchEntities('the un', [{ name: 'United Nations', aliases: ['UN'] }], { acronymCase: false })[0]!.found, true);
