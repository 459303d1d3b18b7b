import assert from 'node:assert/strict';
import { createScorer, defaultScorer, rubricReward } from '../src/index.js';

// A scorer with caches of its own: a long-running service sizes them, a test clears them.
const scorer = createScorer({ cacheSize: 256 });
const input = {
  response: '<think>Cologne lies on the Rhine, which flows into the North Sea.</think> \\boxed{North Sea}',
  answer: 'North Sea',
  entities: ['Cologne', 'Rhine', 'North Sea'],
};

// The same numbers as the top-level functions, which share the default scorer's caches.
assert.deepEqual(scorer.rubricReward(input), rubricReward(input));
assert.deepEqual(scorer.cacheStats(), { golds: 1, matchers: 1, max: 256 });
assert.equal(scorer.verifyAnswer('Answer: Köln', ['Cologne', 'Köln']).correct, true);

scorer.clearCache();
assert.deepEqual(scorer.cacheStats(), { golds: 0, matchers: 0, max: 256 });

// The caches behind rubricReward, verifyAnswer and rubricScore themselves.
defaultScorer.clearCache();
assert.equal(defaultScorer.cacheStats().golds, 0);
