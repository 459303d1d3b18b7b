import assert from 'node:assert/strict';
import { rubricReward } from '../src/index.js';

// A search agent's chat: tool output never counts, only the assistant's own words.
const messages = [
  { role: 'user', content: 'Into which sea does the river that flows through Cologne empty?' },
  { role: 'assistant', reasoning_content: 'I should look up the river of Cologne.', content: '<search>Cologne river</search>' },
  { role: 'tool', content: 'Cologne lies on the Rhine. The Rhine flows into the North Sea.' },
  { role: 'assistant', reasoning_content: 'The Rhine flows into the North Sea.', content: 'North Sea' },
] as const;

const result = rubricReward(
  { messages, answer: 'North Sea', entities: ['Cologne', 'Rhine', 'North Sea'] },
  { rubricSource: 'reasoning', eta: 0.5 },
);

assert.equal(result.outcome, 1);
assert.equal(result.rubric, 1); // Cologne, Rhine and North Sea all appear in reasoning_content
assert.equal(result.reward, 1); // 0.5 · 1 + 0.5 · 1
