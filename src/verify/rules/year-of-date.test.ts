import { describe } from 'vitest';
import { ruleTable } from './rule-table.test-helper.js';
import { yearOfDate } from './year-of-date.js';

describe('rule year-of-date', () => ruleTable(yearOfDate, [
  { answer: 'It was abolished on July 26, 1976, by the new law passed that summer in the capital.', gold: ['July 14, 1976', '1976'], expected: { method: 'date-mismatch', correct: false } },
  { answer: 'It was abolished on July 14, 1976, by the new law passed that summer in the capital.', gold: ['July 14, 1976', '1976'], expected: null },
  { answer: 'It was abolished in 1976 by the new law passed that summer in the capital city.', gold: ['July 14, 1976', '1976'], expected: null },
  { answer: 'Paris', gold: 'Paris', expected: null },
]));
