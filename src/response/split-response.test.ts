import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { CHAT_END_TOKENS, DEFAULT_EXCLUDED_BLOCKS } from './markers.js';
import { DEFAULT_MARKERS, expectValidSplit, view } from './split-assertions.test-helper.js';
import { splitResponse, type SplitOptions } from './split-response.js';

interface Case {
  name: string;
  text: string;
  reasoning: string[];
  content: string[];
  final: string | null;
  options?: SplitOptions;
}

function check({ text, options, reasoning, content, final }: Case): void {
  const split = splitResponse(text, options);
  expect(view(text, split)).toEqual({ reasoning, content, final });
  expectValidSplit(text, split, options === undefined ? DEFAULT_MARKERS : []);
}

describe('splitResponse: think blocks', () => {
  it.each<Case>([
    { name: 'plain text', text: 'Paris', reasoning: [], content: ['Paris'], final: 'Paris' },
    { name: 'plain text is trimmed for final only', text: '  Paris \n', reasoning: [], content: ['  Paris \n'], final: 'Paris' },
    { name: 'empty string', text: '', reasoning: [], content: [], final: null },
    { name: 'whitespace only', text: ' \n\t ', reasoning: [], content: [], final: null },
    { name: 'one block', text: '<think>a</think>b', reasoning: ['a'], content: ['b'], final: 'b' },
    { name: 'open tag in the prompt (Qwen3 / R1)', text: 'a</think>b', reasoning: ['a'], content: ['b'], final: 'b' },
    { name: 'several blocks', text: '<think>a</think>b<think>c</think>d', reasoning: ['a', 'c'], content: ['b', 'd'], final: 'd' },
    { name: 'unclosed last block: no final', text: '<think>a</think>b<think>c', reasoning: ['a', 'c'], content: ['b'], final: null },
    { name: 'only an open tag', text: '<think>abc', reasoning: ['abc'], content: [], final: null },
    { name: 'two stray closes', text: 'a</think>b</think>c', reasoning: ['a', 'b'], content: ['c'], final: 'c' },
    { name: 'content before the first block', text: 'x<think>a</think>b', reasoning: ['a'], content: ['x', 'b'], final: 'b' },
    {
      name: 'stray close after a real block reclaims only the text since that block',
      text: 'x<think>a</think>b</think>c',
      reasoning: ['a', 'b'],
      content: ['x', 'c'],
      final: 'c',
    },
    { name: 'a repeated open does not nest', text: '<think>a<think>b</think>c', reasoning: ['a', 'b'], content: ['c'], final: 'c' },
    { name: 'nothing after the last close', text: '<think>a</think> \n ', reasoning: ['a'], content: [], final: null },
    { name: 'tags are case-sensitive', text: '<THINK>a</THINK>b', reasoning: [], content: ['<THINK>a</THINK>b'], final: '<THINK>a</THINK>b' },
    { name: 'blank stretches are dropped', text: '<think>\n\n</think>\n\nAnswer', reasoning: [], content: ['\n\nAnswer'], final: 'Answer' },
  ])('$name', check);
});

describe('splitResponse: chat end tokens', () => {
  it.each(CHAT_END_TOKENS.map((token) => ({ token })))('cuts $token', ({ token }) => {
    check({ name: token, text: `<think>r${token}</think>Answer: 4${token}`, reasoning: ['r'], content: ['Answer: 4'], final: 'Answer: 4' });
  });

  it.each<Case>([
    { name: 'final stops at the first end token', text: 'A<|im_end|>B', reasoning: [], content: ['A', 'B'], final: 'A' },
    { name: 'stacked end tokens', text: '</think>A<|im_end|>\n<|endoftext|>', reasoning: [], content: ['A'], final: 'A' },
    { name: 'blank stretch before an end token is skipped', text: '</think>\n<|im_end|>B', reasoning: [], content: ['B'], final: 'B' },
    { name: 'only an end token after the close', text: '<think>a</think><|im_end|>', reasoning: ['a'], content: [], final: null },
    { name: '</s> is not confused with </search>', text: '<search>q</search>A</s>', reasoning: [], content: ['q', 'A'], final: 'A' },
  ])('$name', check);
});

describe('splitResponse: excluded blocks', () => {
  it.each<Case>([
    {
      name: 'inside reasoning',
      text: '<think>a<information>docs</information>b</think>c',
      reasoning: ['a', 'b'],
      content: ['c'],
      final: 'c',
    },
    {
      name: 'inside the final region: final is what follows the block',
      text: '<think>a</think>b<documents>d</documents>c',
      reasoning: ['a'],
      content: ['b', 'c'],
      final: 'c',
    },
    { name: 'unclosed: runs to the end, no final', text: '<think>a</think>b<tool_response>d', reasoning: ['a'], content: ['b'], final: null },
    {
      name: 'opaque: think tags inside documents are ignored',
      text: '<think>a<result>x</think>y</result>b</think>c',
      reasoning: ['a', 'b'],
      content: ['c'],
      final: 'c',
    },
    { name: 'stray close: the answer starts after it', text: 'docs</information> answer', reasoning: [], content: ['docs', ' answer'], final: 'answer' },
    { name: 'no think tags, documents first', text: '<documents>d</documents>\nParis', reasoning: [], content: ['\nParis'], final: 'Paris' },
    {
      name: 'Search-o1 result block',
      text: '<|begin_search_query|>q<|end_search_query|><|begin_search_result|>r<|end_search_result|>so X</think>X',
      reasoning: ['q', 'so X'],
      content: ['X'],
      final: 'X',
    },
    {
      name: 'exclude: false keeps everything',
      text: '<information>d</information>x',
      options: { exclude: false },
      reasoning: [],
      content: ['<information>d</information>x'],
      final: '<information>d</information>x',
    },
    {
      name: 'custom blocks replace the defaults',
      text: '[DOC]x[/DOC]y<information>d</information>',
      options: { exclude: [{ open: '[DOC]', close: '[/DOC]' }] },
      reasoning: [],
      content: ['y<information>d</information>'],
      final: 'y<information>d</information>',
    },
    {
      name: 'the longest marker wins at one position',
      text: '<documents>a</documents>b<doc c/>d',
      options: { exclude: [...DEFAULT_EXCLUDED_BLOCKS, { open: '<doc', close: '/>' }] },
      reasoning: [],
      content: ['b', 'd'],
      final: 'd',
    },
    { name: 'open equal to close', text: 'a$$x$$b', options: { exclude: [{ open: '$$', close: '$$' }] }, reasoning: [], content: ['a', 'b'], final: 'b' },
  ])('$name', check);
});

describe('splitResponse: tool calls', () => {
  it.each<Case>([
    {
      name: 'a query is reasoning but never final',
      text: '<|begin_of_query|>q<|end_of_query|>\n\n<|begin_of_documents|>d<|end_of_documents|>\nso X</think>\n<answer>X</answer>',
      reasoning: ['q', '\nso X'],
      content: ['\n<answer>X</answer>'],
      final: '<answer>X</answer>',
    },
    { name: 'a call after the last close leaves no final', text: '<think>a</think>Searching <search>q</search>', reasoning: ['a'], content: ['Searching ', 'q'], final: null },
    {
      name: 'the answer after call and result',
      text: '<think>a</think><search>q</search><information>d</information>Answer',
      reasoning: ['a'],
      content: ['q', 'Answer'],
      final: 'Answer',
    },
    { name: 'unclosed call: no final', text: '<think>a</think><search>q', reasoning: ['a'], content: ['q'], final: null },
    { name: 'no think tags', text: 'X <search>q</search> Y', reasoning: [], content: ['X ', 'q', ' Y'], final: 'Y' },
    { name: 'unclosed call before </think> is closed by it', text: '<|begin_of_query|>q</think>A', reasoning: ['q'], content: ['A'], final: 'A' },
    { name: 'Qwen function call only', text: '<think>r</think>\n<tool_call>{"name":"search"}</tool_call>', reasoning: ['r'], content: ['{"name":"search"}'], final: null },
    {
      name: 'toolCalls: false treats calls as text',
      text: '<search>q</search>A',
      options: { toolCalls: false },
      reasoning: [],
      content: ['<search>q</search>A'],
      final: '<search>q</search>A',
    },
  ])('$name', check);
});

// Hand-trimmed from real traces; the shape (tags, spacing, end tokens) is kept exactly.
describe('splitResponse: real-shaped traces', () => {
  it('R1-Searcher (2wiki, Qwen): query, documents, </think>, <answer>', () => {
    const text =
      "To solve this question, I need to determine which of the two individuals, Choe Myeong-Gil or William Baker (1743–1824), died earlier. \n\nFirst, let's identify the date of death for Choe Myeong-Gil. I'll use a search query to find out:\n\n" +
      '<|begin_of_query|> Choe Myeong-Gil date of death<|end_of_query|>\n\n' +
      '<|begin_of_documents|>\n(1)Choe Myeong-gil   Choe Myeong-gil Choe Myeong-gil (; 1586 – June 19, 1647) was a Korean Joseon Dynasty politician and Neo-Confucian scholar.\n(2)Choe Myong-gwang   Choe Myong-gwang (born 7 January 1990) is a North Korean alpine skier.\n<|end_of_documents|>\n\n' +
      'From the search results, I can see that Choe Myeong-Gil lived from 1586 to June 19, 1647.\n\n- Choe Myeong-Gil died in 1647.\n- William Baker died in 1824.\n\nSince 1647 is earlier than 1824, Choe Myeong-Gil died earlier than William Baker.</think>\n\n <answer> Choe Myeong-Gil </answer>';
    const split = splitResponse(text);
    const v = view(text, split);
    expect(v.final).toBe('<answer> Choe Myeong-Gil </answer>');
    expect(v.content).toEqual(['\n\n <answer> Choe Myeong-Gil </answer>']);
    expect(v.reasoning).toHaveLength(3);
    expect(v.reasoning[0]).toMatch(/^To solve this question.*find out:\n\n$/s);
    expect(v.reasoning[1]).toBe(' Choe Myeong-Gil date of death');
    expect(v.reasoning[2]).toMatch(/^\n\nFrom the search results.*than William Baker\.$/s);
    expect(v.reasoning.join('')).not.toContain('Neo-Confucian');
    expectValidSplit(text, split);
  });

  it('Qwen3-14B (FRAMES): thought with <think>, response ending in <|im_end|>', () => {
    const thought =
      '<think>\nOkay, let\'s see. The user is asking about a 2016 movie with Emma Stone and Ryan Gosling.\n\nEmma Stone and Ryan Gosling... Oh right! "La La Land" came out in 2016. Now, who directed it? The director of "La La Land" is Damien Chazelle. \n\nYes, Damien Chazelle was indeed born in New Orleans, Louisiana.\n</think>';
    // The dataset stores `thought` and `response` apart; the raw generation joins them with "\n\n".
    const text = `${thought}\n\nAnswer: New Orleans, Louisiana, United States.<|im_end|>`;
    const split = splitResponse(text);
    const v = view(text, split);
    expect(v.final).toBe('Answer: New Orleans, Louisiana, United States.');
    expect(v.reasoning).toEqual([thought.slice('<think>'.length, -'</think>'.length)]);
    expectValidSplit(text, split);
  });

  it('DeepSeek-R1-Distill-Qwen-14B (FRAMES): no <think>, ends in <｜end▁of▁sentence｜>', () => {
    const text =
      'Okay, so I need to figure out how many years before the founding of Google the book "1984" was published.\n\nSo, 1998 - 1949 = 49 years.\n</think>\n\n' +
      'George Orwell\'s "1984" was published in 1949. Google was founded in 1998. The difference is 49 years.\n\nAnswer: 49<｜end▁of▁sentence｜>';
    const split = splitResponse(text);
    const v = view(text, split);
    expect(v.reasoning).toHaveLength(1);
    expect(v.reasoning[0]).toMatch(/^Okay, so .* 49 years\.\n$/s);
    expect(v.final).toBe('George Orwell\'s "1984" was published in 1949. Google was founded in 1998. The difference is 49 years.\n\nAnswer: 49');
    expectValidSplit(text, split);
  });

  it('Search-R1 format (synthetic, from its prompt): several turns, answer after the last </think>', () => {
    const text =
      '<think> I need the director first. </think>\n<search> La La Land director </search>\n\n<information>Doc 1(Title: "La La Land") ... directed by Damien Chazelle ...</information>\n\n' +
      '<think> Now his birthplace. </think>\n<search> Damien Chazelle birthplace </search>\n\n<information>Doc 1(Title: "Damien Chazelle") born in Providence</information>\n\n' +
      '<think> Providence, Rhode Island. </think>\n<answer> Providence, Rhode Island </answer>';
    const split = splitResponse(text);
    const v = view(text, split);
    expect(v.reasoning).toEqual([' I need the director first. ', ' Now his birthplace. ', ' Providence, Rhode Island. ']);
    expect(v.content).toEqual([' La La Land director ', ' Damien Chazelle birthplace ', '\n<answer> Providence, Rhode Island </answer>']);
    expect(v.final).toBe('<answer> Providence, Rhode Island </answer>');
    expectValidSplit(text, split);
  });
});

describe('splitResponse: options validation', () => {
  it.each([
    { name: 'empty open', options: { exclude: [{ open: '', close: 'x' }] }, path: 'exclude[0].open' },
    { name: 'empty close', options: { toolCalls: [{ open: '<q>', close: '' }] }, path: 'toolCalls[0].close' },
    { name: 'not a string', options: { exclude: [{ open: 1, close: 'x' }] } as unknown as SplitOptions, path: 'exclude[0].open' },
    { name: 'not an array', options: { exclude: 'x' } as unknown as SplitOptions, path: 'exclude' },
  ])('$name', ({ options, path }) => {
    const error: unknown = (() => {
      try {
        splitResponse('text', options);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('INVALID_OPTIONS');
    expect((error as ValidationError).path).toBe(path);
  });
});
