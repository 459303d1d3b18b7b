import { describe } from 'vitest';
import { namedPerson } from './named-person.js';
import { ruleTable } from './rule-table.test-helper.js';

describe('rule named-person', () => ruleTable(namedPerson, [
  { answer: 'Kirsten Vangsness plays Penelope Garcia on Criminal Minds', gold: 'Kirsten Simone Vangsness', expected: { method: 'partial-name', correct: true } },
  { answer: 'The role went to Kate Walsh.', gold: 'Kathleen Erin Walsh', expected: { method: 'partial-name', correct: true } },
  { answer: 'Dr. B.R. Ambedkar', gold: 'Bhimrao Ramji Ambedkar', expected: { method: 'partial-name', correct: true } },
  { answer: 'George W. Bush', gold: 'George H. W. Bush', expected: null },
  { answer: 'Julia Lennon', gold: 'Julian Lennon', expected: null },
  { answer: 'not Kate Walsh', gold: 'Kathleen Erin Walsh', expected: null },
  { answer: 'Kate Walsh or Joe Bloggs', gold: 'Kathleen Erin Walsh', expected: null },
  { answer: 'Kate Walsh', gold: 'Kathleen Erin Walsh', options: { question: 'Which Walsh played Addison?' }, expected: null },
]));
