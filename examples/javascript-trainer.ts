import assert from 'node:assert/strict';
import { createEntityMatcher, groupRewards, rubricReward } from '../src/index.js';

// One prompt's rollouts, as the trainer's generation step returns them.
const question = 'Into which sea does the river that flows through Cologne empty?';
const rollouts = [
  '<think>Cologne lies on the Rhine, which flows into the North Sea.</think> \\boxed{North Sea}',
  '<think>Cologne lies on the Rhine, which ends in the Baltic.</think> \\boxed{Baltic Sea}',
];

const entities = createEntityMatcher(['Cologne', 'Rhine', 'North Sea']); // once per question
const results = rollouts.map((response) => rubricReward({ response, answer: 'North Sea', entities, question }));
const { rewards, advantages } = groupRewards(results); // rubric max-normalised across the group

assert.deepEqual(rewards, [1, 0]);
assert.deepEqual(advantages.map((a) => a.toFixed(2)), ['1.00', '-1.00']);
