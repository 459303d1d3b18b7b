import { describe } from 'vitest';
import { numberOrDate } from './number-date.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule number-date', () => ruleTable(numberOrDate, [
  { answer: 'about 1,500 km', gold: '1500 kilometres', expected: { method: 'number', correct: true } },
  { answer: '42 people', gold: '43', expected: { method: 'number-mismatch', correct: false } },
  { answer: 'on 21 March 1946', gold: '21 March 1946', expected: { method: 'date', correct: true } },
  { answer: 'October 15, 1993', gold: ['October 29, 1993', '1993'], expected: { method: 'date-mismatch', correct: false } },
  { answer: 'January 1946', gold: '21 March 1946', expected: { method: 'date-mismatch', correct: false } },
  { answer: '1650 or 1651', gold: '1651', expected: { method: 'hedged', correct: false } },
  { answer: 'Paris', gold: '1651', expected: null },
  { answer: '1651', gold: 'Paris', expected: null },
]));
