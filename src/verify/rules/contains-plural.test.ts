import { describe } from 'vitest';
import { containsPlural } from './contains-plural.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule contains-plural', () => ruleTable(containsPlural, [
  { answer: 'Uralic language family', gold: 'Uralic languages', expected: { method: 'contains', correct: true, matched: 'Uralic languages' } },
  { answer: 'the red blood cells', gold: 'blood cell', expected: { method: 'contains', correct: true } },
  { answer: 'Uralic', gold: 'Uralic languages', expected: null },
  { answer: 'The family of the Uralic languages is spread across the north of Europe and Asia today.', gold: 'Uralic languages', expected: null },
]));
