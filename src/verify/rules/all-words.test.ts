import { describe } from 'vitest';
import { allWords } from './all-words.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule all-words', () => ruleTable(allWords, [
  { answer: 'Mirror House Key', gold: 'Key House Mirror', expected: { method: 'all-words', correct: true } },
  { answer: 'It was Wilhelm, the physicist born in Lennep, whose surname was Röntgen, who found them.', gold: 'Wilhelm Conrad Röntgen', expected: { method: 'all-words', correct: true } },
  { answer: 'House Key', gold: 'Key House Mirror', expected: null },
  // Words the question already says are not needed, but some word must be left to find.
  { answer: 'the Treaty', gold: 'Treaty of Paris', options: { question: 'Which treaty was signed in Paris?' }, expected: null },
]));
