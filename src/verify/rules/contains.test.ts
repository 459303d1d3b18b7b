import { describe } from 'vitest';
import { contains } from './contains.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule contains', () => ruleTable(contains, [
  { answer: 'Paris, France', gold: 'Paris', expected: { method: 'contains', correct: true, matched: 'Paris' } },
  { answer: 'Tchaikovksy', gold: 'Tchaikovsky', expected: { method: 'contains', correct: true } },
  { answer: 'Tchaikovksy', gold: 'Tchaikovsky', options: { fuzzy: false }, expected: null },
  { answer: 'not Paris', gold: 'Paris', expected: null },
  { answer: 'Lyon', gold: 'Paris', expected: null },
  // Long answers are the sentence rule's.
  { answer: 'The capital of France, and its largest city by far, is Paris, on the Seine river.', gold: 'Paris', expected: null },
]));
