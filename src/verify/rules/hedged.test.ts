import { describe } from 'vitest';
import { hedged } from './hedged.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule hedged', () => ruleTable(hedged, [
  { answer: 'Paris or Lyon', gold: 'Paris', expected: { method: 'hedged', correct: false } },
  { answer: 'either Lyon or Paris', gold: 'Paris', expected: { method: 'hedged', correct: false } },
  { answer: 'Paris, Lyon, Marseille or Nice', gold: 'Paris', expected: { method: 'hedged', correct: false } },
  { answer: 'Ghent (or Gent)', gold: 'Ghent', expected: null },
  { answer: '50 or so', gold: '50', expected: null },
  { answer: 'Paris', gold: 'Paris', expected: null },
]));
