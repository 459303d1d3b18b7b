import { describe } from 'vitest';
import { ruleTable } from './rule-table.test-helper.js';
import { shortForm } from './short-form.js';

describe('rule short-form', () => ruleTable(shortForm, [
  { answer: 'Dodger Stadium', gold: 'Dodger Stadium, Los Angeles', expected: { method: 'partial-name', correct: true } },
  { answer: 'the NFL', gold: 'National Football League', expected: { method: 'acronym', correct: true } },
  { answer: 'Oprah Winfrey Network', gold: 'OWN', expected: { method: 'acronym', correct: true } },
  { answer: 'no', gold: 'New Orleans', expected: null },
  { answer: 'Uganda and Kenya', gold: 'UK', expected: null },
  { answer: 'Fiddler', gold: 'Fiddler on the Roof', expected: null },
  // A long answer is never a short form.
  { answer: 'The game is played at Dodger Stadium in the city, home of the team since the year it opened there.', gold: 'Dodger Stadium, Los Angeles', expected: null },
]));
