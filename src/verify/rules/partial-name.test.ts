import { describe } from 'vitest';
import { partialName } from './partial-name.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule partial-name', () => ruleTable(partialName, [
  { answer: 'Wilhelm Röntgen', gold: 'Wilhelm Conrad Röntgen', expected: { method: 'partial-name', correct: true, matched: 'Wilhelm Conrad Röntgen' } },
  { answer: 'Röntgen', gold: 'Wilhelm Conrad Röntgen', expected: { method: 'partial-name', correct: true } },
  { answer: 'Agincourt', gold: 'Battle of Agincourt', expected: { method: 'partial-name', correct: true } },
  // Issue 15: a function word the gold lacks makes it another name.
  { answer: 'The House of Mirrors', gold: 'Key House Mirror', expected: null },
  { answer: 'Conrad', gold: 'Wilhelm Conrad Röntgen', expected: null },
  { answer: 'Los Angeles', gold: 'Dodger Stadium, Los Angeles', expected: null },
  { answer: '1653', gold: '1632–1653', expected: null },
  { answer: 'Key House Mirror', gold: 'Key House Mirror', options: { question: 'Which film, Count Cohn or Key House Mirror?' }, expected: null },
]));
