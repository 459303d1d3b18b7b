import { describe } from 'vitest';
import { literal } from './literal.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule literal', () => ruleTable(literal, [
  { answer: '!!!', gold: '!!!', expected: { method: 'exact', correct: true } },
  { answer: '"!!!"', gold: '!!!', expected: { method: 'exact', correct: true } },
  { answer: '?', gold: '?', expected: { method: 'exact', correct: true } },
  { answer: '!!', gold: '!!!', expected: null },
  { answer: '?', gold: '!!!', expected: null },
  // a gold with words is left to the other rules
  { answer: 'Paris', gold: 'Paris', expected: null },
]));
