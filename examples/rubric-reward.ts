import assert from 'node:assert/strict';
import { rubricReward } from '../src/index.js';

const result = rubricReward({
  response: '<think>Cologne lies on the Rhine, which flows into the North Sea.</think> \\boxed{North Sea}',
  answer: 'North Sea',
  entities: ['Cologne', 'Rhine', 'North Sea'],
});

assert.equal(result.reward, 1); // 0.7 · outcome 1 + 0.3 · rubric 1
assert.equal(result.verdict.method, 'exact');
assert.equal(result.rubricDetail.hits, 3);
assert.equal(result.gated, false);
