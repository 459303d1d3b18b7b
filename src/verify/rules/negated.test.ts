import { describe } from 'vitest';
import { negated } from './negated.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule negated', () => ruleTable(negated, [
  { answer: 'not Paris', gold: 'Paris', expected: { method: 'negated', correct: false } },
  { answer: "It isn't Paris.", gold: 'Paris', expected: { method: 'negated', correct: false } },
  { answer: 'No. 12', gold: '12', expected: null },
  { answer: 'Not Lyon but Paris', gold: 'Paris', expected: null },
  { answer: 'Lyon', gold: 'Paris', expected: null },
]));
