import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { expectValidSplit, view } from './split-assertions.test-helper.js';
import { splitMessages, type ChatMessage } from './split-messages.js';
import { splitResponse } from './split-response.js';

interface Case {
  name: string;
  messages: ChatMessage[];
  text: string;
  reasoning: string[];
  content: string[];
  final: string | null;
}

describe('splitMessages', () => {
  it.each<Case>([
    { name: 'no messages', messages: [], text: '', reasoning: [], content: [], final: null },
    {
      name: 'reasoning_content then content',
      messages: [
        { role: 'user', content: 'Capital of France?' },
        { role: 'assistant', reasoning_content: 'It is Paris.', content: 'Paris<|im_end|>' },
      ],
      text: 'It is Paris.\n\nParis<|im_end|>',
      reasoning: ['It is Paris.'],
      content: ['Paris'],
      final: 'Paris',
    },
    {
      name: 'system, user and tool messages never count',
      messages: [
        { role: 'system', content: 'Be brief. <think>sys</think>' },
        { role: 'user', content: 'Q?' },
        { role: 'assistant', content: '<think>r</think>\n<tool_call>{"q":"x"}</tool_call>' },
        { role: 'tool', content: 'Paris is the capital.' },
        { role: 'assistant', content: 'Paris' },
      ],
      text: '<think>r</think>\n<tool_call>{"q":"x"}</tool_call>\n\nParis',
      reasoning: ['r'],
      content: ['{"q":"x"}', 'Paris'],
      final: 'Paris',
    },
    {
      name: 'last message is not the assistant: no final',
      messages: [
        { role: 'assistant', content: '<tool_call>{}</tool_call>' },
        { role: 'tool', content: 'result' },
      ],
      text: '<tool_call>{}</tool_call>',
      reasoning: [],
      content: ['{}'],
      final: null,
    },
    {
      name: 'think blocks inside content are reasoning',
      messages: [{ role: 'assistant', content: '<think>r</think>ans' }],
      text: '<think>r</think>ans',
      reasoning: ['r'],
      content: ['ans'],
      final: 'ans',
    },
    {
      name: 'reasoning_content is all reasoning: tags cut, documents removed, no final from it',
      messages: [{ role: 'assistant', reasoning_content: '<think>a<information>d</information>b</think>c<|im_end|>', content: null }],
      text: '<think>a<information>d</information>b</think>c<|im_end|>',
      reasoning: ['a', 'b', 'c'],
      content: [],
      final: null,
    },
    {
      name: 'a stray </think> reclaims only its own message',
      messages: [
        { role: 'assistant', content: 'A' },
        { role: 'tool', content: 't' },
        { role: 'assistant', content: 'r</think>B' },
      ],
      text: 'A\n\nr</think>B',
      reasoning: ['r'],
      content: ['A', 'B'],
      final: 'B',
    },
    {
      name: 'final comes from the last assistant message only',
      messages: [
        { role: 'assistant', content: 'Earlier answer' },
        { role: 'assistant', reasoning_content: 'thinking', content: null },
      ],
      text: 'Earlier answer\n\nthinking',
      reasoning: ['thinking'],
      content: ['Earlier answer'],
      final: null,
    },
    {
      name: 'unclosed think in the last content',
      messages: [{ role: 'assistant', content: 'a</think>b<think>c' }],
      text: 'a</think>b<think>c',
      reasoning: ['a', 'c'],
      content: ['b'],
      final: null,
    },
    {
      name: 'empty and null fields add no separator',
      messages: [
        { role: 'assistant', reasoning_content: '', content: 'x' },
        { role: 'assistant', content: null },
        { role: 'assistant', reasoning_content: 'y' },
        { role: 'assistant', content: 'z' },
      ],
      text: 'x\n\ny\n\nz',
      reasoning: ['y'],
      content: ['x', 'z'],
      final: 'z',
    },
  ])('$name', ({ messages, text, reasoning, content, final }) => {
    const split = splitMessages(messages);
    expect(split.text).toBe(text);
    expect(view(split.text, split)).toEqual({ reasoning, content, final });
    expectValidSplit(split.text, split);
  });

  it('a Qwen3 trace as messages matches the raw response it came from', () => {
    const thought = '<think>\nOkay, let\'s see. "La La Land" came out in 2016. The director is Damien Chazelle.\n</think>';
    const response = 'Answer: New Orleans, Louisiana, United States.<|im_end|>';
    const fromMessages = splitMessages([{ role: 'assistant', reasoning_content: thought, content: response }]);
    const raw = `${thought}\n\n${response}`;
    expect(fromMessages.text).toBe(raw);
    const fromRaw = splitResponse(raw);
    expect(fromMessages.reasoning).toEqual(fromRaw.reasoning);
    expect(fromMessages.final).toEqual(fromRaw.final);
    // The only difference: the "\n\n" separator lies outside every message, so no span holds it.
    expect(view(raw, fromRaw).content).toEqual(['\n\nAnswer: New Orleans, Louisiana, United States.']);
    expect(view(raw, fromMessages).content).toEqual(['Answer: New Orleans, Louisiana, United States.']);
  });

  it('options reach every message', () => {
    const split = splitMessages([{ role: 'assistant', reasoning_content: '[D]x[/D]r', content: '[D]y[/D]A' }], {
      exclude: [{ open: '[D]', close: '[/D]' }],
    });
    expect(view(split.text, split)).toEqual({ reasoning: ['r'], content: ['A'], final: 'A' });
  });

  it.each([
    { key: 'content', message: { role: 'assistant', content: [{ type: 'text', text: 'x' }] } },
    { key: 'reasoning_content', message: { role: 'assistant', reasoning_content: 42 } },
  ])('refuses a non-string $key', ({ key, message }) => {
    const run = (): unknown => splitMessages([{ role: 'user', content: 'q' }, message as unknown as ChatMessage]);
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(`${key} must be a string or null`);
  });
});
