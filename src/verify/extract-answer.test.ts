import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAT_END_TOKENS, DEFAULT_EXCLUDED_BLOCKS, DEFAULT_TOOL_CALL_BLOCKS } from '../response/index.js';
import { cleanAnswer, extractFinalAnswer, type ExtractionMethod } from './extract-answer.js';

interface Case {
  name: string;
  response: string;
  text: string | null;
  method?: ExtractionMethod;
  others?: string[];
}

function check({ response, text, method, others }: Case): void {
  const found = extractFinalAnswer(response);
  if (text === null) {
    expect(found).toBeNull();
    return;
  }
  expect(found).not.toBeNull();
  expect(found!.text).toBe(text);
  if (method !== undefined) expect(found!.method).toBe(method);
  expect(found!.others).toEqual(others ?? []);
  // start/end point at the answer as it stands in the response, before cleaning (JSON: the object).
  if (found!.method !== 'json') expect(cleanAnswer(response.slice(found!.start, found!.end))).toBe(text);
}

describe('extractFinalAnswer: where the answer is', () => {
  it.each<Case>([
    { name: 'plain text', response: 'Paris', text: 'Paris', method: 'final-text' },
    { name: 'text after </think>', response: '<think>Maybe Lyon.</think>\n\nParis', text: 'Paris', method: 'final-text' },
    { name: 'text after the LAST </think>', response: '<think>a</think>Lyon<think>b</think>Paris', text: 'Paris', method: 'final-text' },
    { name: 'a stray </think> (the <think> was in the prompt)', response: 'Maybe Lyon.</think>Paris', text: 'Paris', method: 'final-text' },
    { name: 'an unclosed <think>: no final answer', response: '<think>The answer is Paris.', text: null },
    { name: 'a reopened, unclosed <think>: no final answer', response: '<think>a</think>Lyon<think>Paris', text: null },
    { name: 'nothing after </think>', response: '<think>Paris</think>\n  ', text: null },
    { name: 'an empty response', response: '', text: null },
    { name: 'whitespace only', response: ' \n\t', text: null },
    { name: 'the last <answer> tag', response: '<answer>Paris</answer>', text: 'Paris', method: 'answer-tag' },
    { name: 'an unclosed <answer> runs to the end', response: 'Thus <answer>Paris', text: 'Paris', method: 'answer-tag' },
    { name: 'an empty <answer>', response: '<answer> </answer>', text: null },
    { name: '<answer> wins over \\boxed', response: '\\boxed{Lyon} <answer>Paris</answer>', text: 'Paris', method: 'answer-tag' },
    { name: '\\boxed', response: 'So it is \\boxed{Paris}.', text: 'Paris', method: 'boxed' },
    { name: '\\boxed with \\text', response: '\\boxed{\\text{Paris}}', text: 'Paris', method: 'boxed' },
    { name: '\\boxed with nested braces (a LaTeX fraction reads as a/b)', response: '$\\boxed{\\frac{1}{2}}$', text: '1/2', method: 'boxed' },
    { name: '\\boxed with a space before the brace', response: '\\boxed {Paris}', text: 'Paris', method: 'boxed' },
    { name: '\\fbox', response: '\\fbox{Paris}', text: 'Paris', method: 'boxed' },
    { name: 'an unbalanced \\boxed is plain text', response: '\\boxed{Paris', text: '\\boxed{Paris', method: 'final-text' },
    { name: 'an empty \\boxed', response: '\\boxed{}', text: null },
    { name: '\\boxed in the reasoning does not count', response: '<think>\\boxed{Lyon}</think>Paris', text: 'Paris', method: 'final-text' },
    { name: 'a boxed answer after an answer line', response: 'Final answer: \\boxed{Paris}', text: 'Paris', method: 'boxed' },
    { name: 'JSON', response: '{"answer": "Paris"}', text: 'Paris', method: 'json' },
    { name: 'JSON with other keys', response: ' {"answer": "Paris", "confidence": 0.9} ', text: 'Paris', method: 'json' },
    { name: 'JSON final_answer', response: '{"final_answer": "Paris"}', text: 'Paris', method: 'json' },
    { name: 'JSON number', response: '{"answer": 42}', text: '42', method: 'json' },
    { name: 'Answer: line', response: 'Reasoning.\nAnswer: Paris', text: 'Paris', method: 'answer-line' },
    { name: 'Final answer: line', response: 'Reasoning.\nFinal answer: Paris', text: 'Paris', method: 'answer-line' },
    { name: 'the answer is …', response: 'So the answer is Paris.', text: 'Paris', method: 'answer-line' },
    { name: 'the last of several answer lines', response: 'Answer: Lyon\nWait.\nAnswer: Paris', text: 'Paris', method: 'answer-line' },
    { name: 'bold label', response: '**Answer:** Paris', text: 'Paris', method: 'answer-line' },
    { name: 'bold label and bold answer', response: '**Final Answer:** **Paris**', text: 'Paris', method: 'answer-line' },
    { name: 'bold label, answer on the next line', response: '**Final Answer:**\n\nParis', text: 'Paris', method: 'answer-line' },
    { name: 'a quoted answer', response: 'My answer is "Paris".', text: 'Paris', method: 'answer-line' },
    { name: 'a code-quoted answer in a block quote', response: '> **Answer:** `Paris`', text: 'Paris', method: 'answer-line' },
    { name: 'a full-width colon', response: 'Answer：巴黎', text: '巴黎', method: 'answer-line' },
    { name: 'Final answer with a full-width colon', response: 'Reasoning.\nFinal answer：Tokyo', text: 'Tokyo', method: 'answer-line' },
    { name: 'a Chinese answer line 答案：', response: '答案：东京', text: '东京', method: 'answer-line' },
    { name: 'a Chinese final answer line 最终答案：', response: '东京是日本的首都。\n最终答案：东京', text: '东京', method: 'answer-line' },
    { name: '答案 right after other Chinese text, a half-width colon, a full stop', response: '所以答案: 东京。', text: '东京', method: 'answer-line' },
    { name: '答案是 (the answer is)', response: '因此，答案是东京', text: '东京', method: 'answer-line' },
    { name: '最终答案为：', response: '最终答案为：东京', text: '东京', method: 'answer-line' },
    { name: 'a bold Chinese label', response: '**最终答案：** 东京', text: '东京', method: 'answer-line' },
    { name: 'a Chinese heading, answer on the next line', response: '**最终答案**\n\n东京', text: '东京', method: 'answer-line' },
    { name: 'the last of several Chinese answer lines', response: '答案：大阪\n不对。\n答案：东京', text: '东京', method: 'answer-line' },
    { name: '答案 inside a sentence is no label', response: '这个答案很好', text: '这个答案很好', method: 'final-text' },
    { name: 'Answer =', response: 'Answer = 42', text: '42', method: 'answer-line' },
    { name: 'underscores as bold', response: "I'd say the final answer is: __Paris__", text: 'Paris', method: 'answer-line' },
  ])('$name', check);
});

describe('extractFinalAnswer: what is left out', () => {
  it.each<Case>([
    ...CHAT_END_TOKENS.map((token) => ({ name: `end token ${token}`, response: `<think>x</think>Paris${token}`, text: 'Paris', method: 'final-text' as const })),
    { name: 'text after an end token', response: 'Paris<|im_end|>\n<|im_start|>user\nThanks', text: 'Paris', method: 'final-text' },
    { name: 'an end token right after \\boxed', response: '\\boxed{Paris}<｜end▁of▁sentence｜>', text: 'Paris', method: 'boxed' },
    { name: 'a trailing period', response: 'Paris.<|im_end|>', text: 'Paris', method: 'final-text' },
    ...DEFAULT_EXCLUDED_BLOCKS.map((b) => ({
      name: `documents in ${b.open}…${b.close} before the answer`,
      response: `<think>search</think>${b.open}Lyon is a city. Answer: Lyon${b.close}Paris`,
      text: 'Paris',
      method: 'final-text' as const,
    })),
    ...DEFAULT_EXCLUDED_BLOCKS.map((b) => ({ name: `nothing after ${b.open}…${b.close}`, response: `${b.open}Answer: Paris${b.close}`, text: null })),
    ...DEFAULT_TOOL_CALL_BLOCKS.map((b) => ({
      name: `the answer starts after the last ${b.open}…${b.close}`,
      response: `${b.open}capital of France${b.close}Paris`,
      text: 'Paris',
      method: 'final-text' as const,
    })),
    { name: 'an unclosed tool call: no answer', response: 'Let me look. <search>capital of France', text: null },
    { name: 'an unclosed document block: no answer', response: '<think>a</think><information>Paris', text: null },
  ])('$name', check);
});

describe('extractFinalAnswer: several explicit answers', () => {
  it.each<Case>([
    { name: 'two different \\boxed', response: '\\boxed{Lyon} or rather \\boxed{Paris}', text: 'Paris', method: 'boxed', others: ['Lyon'] },
    { name: 'the same \\boxed twice', response: '\\boxed{Paris} … \\boxed{Paris}', text: 'Paris', method: 'boxed', others: [] },
    { name: 'the same up to case and a period', response: '<answer>Lyon</answer><answer>lyon.</answer>', text: 'lyon', method: 'answer-tag', others: [] },
    { name: 'three boxes, two alike', response: '\\boxed{Lyon}\\boxed{Paris}\\boxed{Paris}', text: 'Paris', method: 'boxed', others: ['Lyon'] },
    { name: 'two different <answer> tags', response: '<answer>Lyon</answer> no, <answer>Paris</answer>', text: 'Paris', method: 'answer-tag', others: ['Lyon'] },
    { name: 'an empty earlier box is no other answer', response: '\\boxed{} \\boxed{Paris}', text: 'Paris', method: 'boxed', others: [] },
  ])('$name', check);
});

describe('extractFinalAnswer: the shape', () => {
  it('pins a result', () => {
    const response = '<think>Cologne is on the Rhine.</think> It flows into \\boxed{\\text{North Sea}}<|im_end|>';
    const found = extractFinalAnswer(response);
    expect(response.slice(found!.start, found!.end)).toBe('\\text{North Sea}');
    expect(found).toMatchInlineSnapshot(`
      {
        "end": 77,
        "method": "boxed",
        "others": [],
        "start": 61,
        "text": "North Sea",
        "through": 77,
      }
    `);
  });
});

describe('cleanAnswer', () => {
  it.each<{ raw: string; clean: string }>([
    { raw: '  Paris  ', clean: 'Paris' },
    { raw: '**Paris**', clean: 'Paris' },
    { raw: '__Paris__', clean: 'Paris' },
    { raw: '`Paris`', clean: 'Paris' },
    { raw: '$42$', clean: '42' },
    { raw: '"Paris".', clean: 'Paris' },
    { raw: '“Paris”', clean: 'Paris' },
    { raw: '\\text{Paris}', clean: 'Paris' },
    { raw: '\\textbf{Paris}', clean: 'Paris' },
    { raw: ': Paris', clean: 'Paris' },
    { raw: 'Paris...', clean: 'Paris' },
    { raw: '50\\%', clean: '50%' },
    { raw: 'Mar\\u00eda', clean: 'María' },
    { raw: '**"Paris."**', clean: 'Paris' },
  ])('$raw → $clean', ({ raw, clean }) => {
    expect(cleanAnswer(raw)).toBe(clean);
  });
});

describe('extractFinalAnswer: properties', () => {
  const markers = [
    '<think>', '</think>', '<answer>', '</answer>', '\\boxed{', '\\boxed{\\text{', '{', '}', 'Answer: ', '**Final Answer:**', 'the answer is ', '{"answer": "',
    '"}', '\n', ' ', ...CHAT_END_TOKENS, ...DEFAULT_EXCLUDED_BLOCKS.flatMap((b) => [b.open, b.close]), ...DEFAULT_TOOL_CALL_BLOCKS.flatMap((b) => [b.open, b.close]),
  ];
  const markerText = fc.array(fc.oneof(fc.constantFrom(...markers), fc.constantFrom('Paris', 'Lyon', '42', '.'), fc.string({ maxLength: 5 })), { maxLength: 30 }).map((p) => p.join(''));
  const anyText = fc.oneof(markerText, fc.string({ maxLength: 200 }), fc.string({ maxLength: 60, unit: 'binary' }), fc.string({ maxLength: 60, unit: 'grapheme' }));

  it('never throws; a found answer is non-empty, inside the response, and slices back', () => {
    fc.assert(
      fc.property(anyText, (response) => {
        const found = extractFinalAnswer(response);
        if (found === null) return;
        expect(found.text).not.toBe('');
        expect(found.text).toBe(found.text.trim());
        expect(0 <= found.start && found.start <= found.end && found.end <= response.length).toBe(true);
        if (found.method !== 'json') expect(cleanAnswer(response.slice(found.start, found.end))).toBe(found.text);
        for (const other of found.others) expect(cleanAnswer(other)).not.toBe('');
      }),
      { numRuns: 500 },
    );
  });

  it('a <think> that is never closed leaves no final answer', () => {
    fc.assert(
      fc.property(markerText, fc.string(), (before, after) => {
        fc.pre(!after.includes('</think>') && !before.includes('</think>'));
        expect(extractFinalAnswer(`${before}<think>${after}`)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('the answer is never taken from before the last </think>', () => {
    // Without document or tool blocks, which could hide a </think> (they are opaque).
    const blocks = [...DEFAULT_EXCLUDED_BLOCKS, ...DEFAULT_TOOL_CALL_BLOCKS].flatMap((b) => [b.open, b.close]);
    const simple = markers.filter((m) => !blocks.includes(m));
    const text = fc.array(fc.oneof(fc.constantFrom(...simple), fc.constantFrom('Paris', 'Lyon', '42'), fc.string({ maxLength: 5 })), { maxLength: 30 });
    fc.assert(
      fc.property(text, fc.nat(), (parts, at) => {
        parts.splice(at % (parts.length + 1), 0, '</think>');
        const response = parts.join('');
        fc.pre(!blocks.some((b) => response.includes(b)));
        const found = extractFinalAnswer(response);
        if (found !== null) expect(found.start).toBeGreaterThanOrEqual(response.lastIndexOf('</think>') + '</think>'.length);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(anyText, (response) => {
        expect(extractFinalAnswer(response)).toEqual(extractFinalAnswer(response));
      }),
      { numRuns: 200 },
    );
  });
});
