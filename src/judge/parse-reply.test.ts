import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJudgeReply } from './parse-reply.js';

describe('parseJudgeReply: what it reads', () => {
  it.each([
    ['the requested format', 'Extracted answer: Paris\nJustification: Same city.\nCorrect: yes', true],
    ['bold labels', '**Extracted answer:** Paris\n**Justification:** Same city.\n**Correct:** Yes', true],
    ['bold outside the colon', '**Extracted answer**: Paris\n**Justification**: Same.\n**Correct**: No', false],
    ['bullets and upper case', '- EXTRACTED ANSWER: Paris\n- JUSTIFICATION: same\n- CORRECT: YES', true],
    ['numbered lines', '1. Extracted answer: Paris\n2. Justification: same\n3. Correct: no', false],
    ['fields in another order', 'Correct: no\nExtracted answer: Lyon\nJustification: A different city.', false],
    ['chatter around the fields', 'Sure! Here is my grading.\n\nExtracted answer: Paris\nJustification: ok\nCorrect: yes\n\nLet me know if you need more.', true],
    ['a think block first', '<think>The reference says Paris. Correct: no? Let me check.</think>\nExtracted answer: Paris\nJustification: ok\nCorrect: yes', true],
    ['headings with the value below', '### Extracted answer\nParis\n\n### Justification\nSame city.\n\n### Correct\nYes', true],
    ['snake_case labels', 'extracted_final_answer: Paris\nreasoning: same\ncorrect: yes', true],
    ['a question label', 'Extracted answer: Paris\nIs the answer correct? yes', true],
    ['a JSON object', '```json\n{"extracted_answer": "Paris", "justification": "same", "correct": "yes"}\n```', true],
    ['a JSON boolean', '{"extracted_answer": "Lyon", "justification": "no", "correct": false}', false],
    ['true / false', 'Extracted answer: Paris\nJustification: ok\nCorrect: true', true],
    ['correct / incorrect', 'Extracted answer: Paris\nJustification: ok\nCorrect: incorrect', false],
    ['"not correct"', 'Extracted answer: Paris\nJustification: ok\nCorrect: not correct', false],
    ['a value in brackets and a trailing period', 'Extracted answer: Paris\nJustification: ok\nCorrect: [Yes].', true],
    ['a dash as separator', 'Extracted answer - Paris\nJustification - ok\nCorrect - no', false],
    ['a full-width colon', 'Extracted answer：巴黎\nJustification：same\nCorrect：yes', true],
    ['the format line echoed before the real one', 'Correct: <yes or no>\nExtracted answer: Paris\nJustification: ok\nCorrect: yes', true],
    ['the same verdict twice', 'Correct: yes\nExtracted answer: Paris\nCorrect: Yes.', true],
  ])('reads %s', (_, reply, correct) => {
    expect(parseJudgeReply(reply)?.correct).toBe(correct);
  });

  it('returns the three fields', () => {
    expect(parseJudgeReply('**Extracted answer:** Paris, France\n**Justification:** It names the capital.\n**Correct:** yes')).toMatchInlineSnapshot(`
      {
        "correct": true,
        "extracted": "Paris, France",
        "justification": "It names the capital.",
      }
    `);
  });

  it('reads "none" as no extracted answer, and a missing justification as empty', () => {
    expect(parseJudgeReply('Extracted answer: none\nCorrect: no')).toEqual({ correct: false, extracted: null, justification: '' });
  });

  it('does not take "Correct: yes" inside another field for the verdict', () => {
    expect(parseJudgeReply('Extracted answer: Lyon. Correct: yes\nJustification: A different city.\nCorrect: no')?.correct).toBe(false);
  });
});

describe('parseJudgeReply: what it refuses (null: retried, never guessed)', () => {
  it.each([
    ['an empty reply', ''],
    ['prose without labels', 'The answer is correct.'],
    ['a bare yes', 'Yes'],
    ['a label without a readable value', 'Extracted answer: Paris\nJustification: ok\nCorrect: maybe'],
    ['the format line only', 'Extracted answer: <the final answer>\nJustification: <one sentence>\nCorrect: <yes or no>'],
    ['"yes/no"', 'Extracted answer: Paris\nCorrect: yes/no'],
    ['two verdicts that disagree', 'Correct: yes\nExtracted answer: Paris\nCorrect: no'],
    ['a think block never closed', '<think>Correct: hmm'],
    ['"Correct answer: …" (a label we do not know)', 'Correct answer: Paris'],
    ['a value that only starts like yes', 'Extracted answer: x\nCorrect: yesterday'],
    ['a value that only starts like no', 'Extracted answer: x\nCorrect: none of these'],
  ])('refuses %s', (_, reply) => {
    expect(parseJudgeReply(reply)).toBeNull();
  });

  it('refuses a non-string', () => {
    expect(parseJudgeReply(undefined as unknown as string)).toBeNull();
  });
});

describe('parseJudgeReply: properties', () => {
  const label = (name: string) =>
    fc.tuple(fc.constantFrom('', '- ', '* ', '## '), fc.constantFrom('', '**'), fc.constantFrom(':', ': ', ' :', '：'), fc.boolean()).map(
      ([prefix, bold, colon, upper]) => `${prefix}${bold}${upper ? name.toUpperCase() : name}${bold}${colon}`,
    );
  const safeText = fc.stringMatching(/^[A-Za-z ,.'()-]{0,40}$/).filter((s) => !/(?:^|\n)\s*\w+\s*[:：]/.test(s));

  it('reads the verdict whatever the order, casing, bold, bullets and chatter', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        safeText,
        safeText,
        label('Extracted answer'),
        label('Justification'),
        label('Correct'),
        fc.constantFrom('yes', 'Yes', 'YES', 'no', 'No', 'NO'),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('', 'Here is my assessment.\n', 'Sure.\n\n'),
        (_, answer, why, l1, l2, l3, value, order, intro) => {
          const lines = [`${l1} ${answer}`, `${l2} ${why}`, `${l3} ${value}`];
          const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]][order]!;
          const reply = intro + orders.map((i) => lines[i]).join('\n');
          expect(parseJudgeReply(reply)?.correct).toBe(value.toLowerCase() === 'yes');
        },
      ),
    );
  });

  it('never reads a verdict from text without a Correct-like label', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        fc.pre(!/correct|verdict|judg/i.test(text) && !text.includes('{'));
        expect(parseJudgeReply(text)).toBeNull();
      }),
    );
  });
});
