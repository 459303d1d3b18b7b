import { describe } from 'vitest';
import { ruleTable } from './rule-table.test-helper.js';
import { sentence } from './sentence.js';

const long = 'The capital of France, and its largest city by far, is Paris, on the Seine river.';
describe('rule sentence', () => ruleTable(sentence, [
  { answer: long, gold: 'Paris', expected: { method: 'sentence', correct: true, matched: 'Paris' } },
  { answer: long, gold: 'Paris', options: { question: 'Is Paris the capital of France?' }, expected: null },
  { answer: 'The capital of France, and its largest city by far, is not Paris but somewhere on the Seine.', gold: 'Paris', expected: null },
  { answer: 'Paris', gold: 'Paris', expected: null },
]));
