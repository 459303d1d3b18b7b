import assert from 'node:assert/strict';
import { createEntityMatcher, groupRewards, rubricReward } from '../src/index.js';

// One question of a GRPO group: its gold answer and the gold chain Cologne → Rhine → North Sea.
const question = 'Into which sea does the river that flows through Cologne empty?';
const answer = 'North Sea';
const entities = createEntityMatcher(['Cologne', 'Rhine', 'North Sea']); // compile once per question

const rollouts = [
  '<think>Cologne lies on the Rhine. The Rhine flows into the North Sea.</think>\nThe answer is \\boxed{North Sea}.',
  '<think>Cologne is in Germany, and its river reaches the North Sea.</think>\n\\boxed{North Sea}',
  '<think>Cologne lies on the Rhine, which I think ends in the Baltic.</think>\n\\boxed{Baltic Sea}',
];
const results = rollouts.map((response) => rubricReward({ response, answer, entities, question }));

assert.deepEqual(results.map((r) => r.outcome), [1, 1, 0]);
assert.deepEqual(results.map((r) => r.rubric.toFixed(2)), ['1.00', '0.67', '0.67']);
// positive-only (default): correct ? 0.7·outcome + 0.3·rubric : 0
assert.deepEqual(results.map((r) => r.reward.toFixed(2)), ['1.00', '0.90', '0.00']);

const { rewards, advantages } = groupRewards(results); // rubric max-normalised across the group
assert.deepEqual(rewards.map((r) => r.toFixed(2)), ['1.00', '0.90', '0.00']);
assert.deepEqual(advantages.map((a) => a.toFixed(2)), ['0.82', '0.59', '-1.41']);
