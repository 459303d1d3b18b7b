import { describe } from 'vitest';
import { choice } from './choice.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule choice', () => ruleTable(choice, [
  { answer: 'B', gold: 'B', expected: { method: 'choice', correct: true, matched: 'B' } },
  { answer: '(b) Paris', gold: 'B', expected: { method: 'choice', correct: true } },
  { answer: 'The answer is option C', gold: ['B'], expected: { method: 'choice-mismatch', correct: false } },
  { answer: 'Paris', gold: 'B', expected: null },
  // Not every gold alias a letter: not a multiple-choice question.
  { answer: 'B', gold: ['B', 'Paris'], expected: null },
]));
