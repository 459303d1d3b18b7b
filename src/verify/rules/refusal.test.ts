import { describe } from 'vitest';
import { refusal } from './refusal.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule refusal', () => ruleTable(refusal, [
  { answer: 'I cannot determine the answer from the documents.', gold: 'Paris', expected: { method: 'refusal', correct: false } },
  { answer: 'There is not enough information to say.', gold: 'Paris', expected: { method: 'refusal', correct: false } },
  { answer: 'Unknown', gold: 'Paris', expected: { method: 'refusal', correct: false } },
  { answer: 'The birthplace is not mentioned.', gold: 'Paris', expected: { method: 'refusal', correct: false } },
  { answer: 'Paris', gold: 'Paris', expected: null },
  // A long answer that mentions not knowing something on the way is judged by what it says.
  { answer: `${'The river and the city are described at length in the sources. '.repeat(6)}I cannot determine more.`, gold: 'Paris', expected: null },
]));
