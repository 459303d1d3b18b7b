import { describe } from 'vitest';
import { emptyAnswer } from './empty-answer.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule empty-answer', () => ruleTable(emptyAnswer, [
  { answer: 'Answer', gold: 'Paris', expected: { method: 'no-answer', correct: false } },
  { answer: 'Final answer', gold: 'Paris', expected: { method: 'no-answer', correct: false } },
  { answer: 'Paris', gold: 'Paris', expected: null },
  { answer: 'Answer Paris', gold: 'Paris', expected: null },
]));
