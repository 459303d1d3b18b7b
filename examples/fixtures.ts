import assert from 'node:assert/strict';
import { fixturesWith } from '../fixtures/index.js';
import { rubricReward } from '../src/index.js';

// Real rollouts with their expected results: here, those whose final answer is wrong.
for (const f of fixturesWith('wrong')) {
  const r = rubricReward({ response: f.response, messages: f.messages, answer: f.answer, entities: f.entities, question: f.question });
  assert.equal(r.outcome, 0, f.id);
  assert.equal(r.reward, f.expected.reward, f.id); // 0: a wrong answer is gated
}
