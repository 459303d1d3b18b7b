import { describe } from 'vitest';
import { exact } from './exact.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule exact', () => ruleTable(exact, [
  { answer: 'the Eiffel Tower', gold: 'Eiffel Tower', expected: { method: 'exact', correct: true, matched: 'Eiffel Tower' } },
  { answer: 'Uralic languages', gold: 'Uralic language', expected: { method: 'exact', correct: true } },
  { answer: 'rearview', gold: 'rear-view', expected: { method: 'exact', correct: true } },
  { answer: 'J K L', gold: 'JKL', expected: { method: 'exact', correct: true } },
  { answer: 'Lutetia', gold: ['Paris', 'Lutetia'], expected: { method: 'exact', correct: true, matched: 'Lutetia' } },
  { answer: 'Not able', gold: 'Notable', expected: null },
  { answer: 'D-I-V-O-R-C-E', gold: 'Divorce', expected: null },
  { answer: '7 km', gold: '7 miles', expected: null },
  { answer: 'Paris, France', gold: 'Paris', expected: null },
]));
