import assert from 'node:assert/strict';
import { groupRewards } from '../src/index.js';

// outcome and rubric of four rollouts of one question (normally the results of rubricReward)
const group = [
  { outcome: 1, rubric: 0.5 },
  { outcome: 1, rubric: 0.25 },
  { outcome: 0, rubric: 0.5 },
  { outcome: 0, rubric: 0 },
];
const { rewards, advantages } = groupRewards(group, { eta: 0.3, strategy: 'positive-only' });

// rubric ÷ 0.5 (the group's best): 1, 0.5, 1, 0
assert.deepEqual(rewards.map((r) => r.toFixed(2)), ['1.00', '0.85', '0.00', '0.00']);
assert.deepEqual(advantages.map((a) => a.toFixed(2)), ['1.15', '0.83', '-0.99', '-0.99']);
assert.deepEqual(groupRewards([{ outcome: 1, rubric: 1 }, { outcome: 1, rubric: 1 }]).advantages, [0, 0]);
