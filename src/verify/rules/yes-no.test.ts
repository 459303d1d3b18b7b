import { describe } from 'vitest';
import { ruleTable } from './rule-table.test-helper.js';
import { yesNo } from './yes-no.js';

describe('rule yes-no', () => ruleTable(yesNo, [
  { answer: 'Yes', gold: 'yes', expected: { method: 'yes-no', correct: true } },
  { answer: 'True, both were born in Ohio.', gold: 'yes', expected: { method: 'yes-no', correct: true } },
  { answer: 'No', gold: 'yes', expected: { method: 'yes-no-mismatch', correct: false } },
  { answer: 'Maybe', gold: 'no', expected: { method: 'yes-no-mismatch', correct: false } },
  { answer: 'Both films were directed by the same person, as records show.', gold: 'yes', expected: null },
  { answer: 'Yes', gold: 'Paris', expected: null },
]));
