import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { detectFormat, parseNumberedDocs, readTrajectory } from './trajectory.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'data-build');
const traces = readFileSync(join(FIXTURES, 'r1-searcher-traces.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { question: string; answer: string; gen_text_store: string });

const ids = (docs: { id: string }[]): string[] => docs.map((d) => d.id);

describe('readTrajectory: native JSON', () => {
  const record = {
    steps: [
      { search: { query: 'capital of France', results: [
        { id: 'd1', title: 'Paris', url: 'https://en.wikipedia.org/wiki/Paris', snippet: 'Paris is…' },
        { id: 'd2', title: 'Lyon', snippet: 'Lyon is…' },
        { id: 'd3', title: 'Marseille' },
      ] } },
      { open: { id: 'd1', text: 'Paris is the capital of France.' } },
      { open: { id: 'd2' } },
      { open: { url: 'https://example.org/new', text: 'A page no search returned.' } },
    ],
    answer: 'Paris',
    citations: ['d1'],
  };

  it('sorts queries, seen, read and cited, keeping the opened text over the snippet', () => {
    const t = readTrajectory(record);
    expect(t.queries).toEqual(['capital of France']);
    expect(ids(t.seen)).toEqual(['d1', 'd2', 'd3', 'https://example.org/new']);
    expect(ids(t.read)).toEqual(['d1', 'd2', 'https://example.org/new']);
    expect(t.read[0]).toMatchObject({ title: 'Paris', text: 'Paris is the capital of France.' });
    expect(ids(t.cited)).toEqual(['d1']);
    expect(t.answer).toBe('Paris');
  });

  it.each([
    [{ steps: 'no' }, 'steps', 'invalid_type'],
    [{ steps: [{ think: 'x' }] }, 'steps[0]', 'unknown_step'],
    [{ steps: [{ search: { query: 3 } }] }, 'steps[0].search.query', 'invalid_type'],
    [{ steps: [{ search: { query: 'q', results: [{ snippet: 'no id' }] } }] }, 'steps[0].search.results[0].id', 'missing'],
    [{ steps: [], citations: 'd1' }, 'citations', 'invalid_type'],
  ])('refuses %j naming %s', (value, path, code) => {
    const error = (() => {
      try {
        readTrajectory(value);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('INVALID_TRAJECTORY');
    expect((error as ValidationError).path).toBe(path);
    expect((error as ValidationError).issues[0]?.code).toBe(code);
  });
});

describe('readTrajectory: OpenAI-style chat with tool calls', () => {
  const messages = [
    { role: 'user', content: 'Where was the director of Revenge of the Ninja born?' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'web_search', arguments: '{"query":"Revenge of the Ninja director"}' } }] },
    { role: 'tool', tool_call_id: 'c1', content: JSON.stringify([
      { title: 'Revenge of the Ninja', link: 'https://en.wikipedia.org/wiki/Revenge_of_the_Ninja', snippet: 'directed by Sam Firstenberg' },
      { title: 'Enter the Ninja', url: 'https://en.wikipedia.org/wiki/Enter_the_Ninja', snippet: '1981 film' },
      { title: 'Sam Firstenberg', url: 'https://en.wikipedia.org/wiki/Sam_Firstenberg', snippet: 'born in Poland' },
    ]) },
    { role: 'assistant', content: 'Revenge of the Ninja was directed by someone; let me open both pages.', tool_calls: [
      { id: 'c2', type: 'function', function: { name: 'visit', arguments: { url: 'https://en.wikipedia.org/wiki/Revenge_of_the_Ninja' } } },
      { id: 'c3', type: 'function', function: { name: 'visit', arguments: '{"url":"https://en.wikipedia.org/wiki/Enter_the_Ninja"}' } },
    ] },
    { role: 'tool', tool_call_id: 'c2', content: 'Revenge of the Ninja is a 1983 film directed by Sam Firstenberg.' },
    { role: 'tool', tool_call_id: 'c3', content: 'Enter the Ninja is a 1981 film.' },
    { role: 'assistant', content: 'The director was born in Poland.' },
  ];

  it('reads search results from tool messages and opened pages by URL; cited = titles the assistant names', () => {
    const t = readTrajectory({ messages });
    expect(t.queries).toEqual(['Revenge of the Ninja director']);
    expect(t.seen.map((d) => d.title)).toEqual(['Revenge of the Ninja', 'Enter the Ninja', 'Sam Firstenberg']);
    expect(t.read.map((d) => d.title)).toEqual(['Revenge of the Ninja', 'Enter the Ninja']);
    expect(t.read[0]?.text).toBe('Revenge of the Ninja is a 1983 film directed by Sam Firstenberg.');
    // Named by the assistant's own words; "Sam Firstenberg" is only in tool output.
    expect(t.cited.map((d) => d.title)).toEqual(['Revenge of the Ninja']);
    expect(t.answer).toBe('The director was born in Poland.');
  });

  it('takes a bare message array, and a custom tool mapping', () => {
    const renamed = messages.map((m) =>
      'tool_calls' in m && Array.isArray(m.tool_calls)
        ? { ...m, tool_calls: m.tool_calls.map((c) => ({ ...c, function: { ...c.function, name: c.function.name === 'web_search' ? 'lookup' : 'grab' } })) }
        : m,
    );
    expect(readTrajectory(renamed).seen).toEqual([]);
    const t = readTrajectory(renamed, { tools: { search: ['lookup'], open: ['grab'] } });
    expect(t.seen).toHaveLength(3);
    expect(t.read).toHaveLength(2);
  });

  it('names the field of a bad tool call', () => {
    const bad = [{ role: 'assistant', tool_calls: [{ id: 'x', function: { name: 'search', arguments: '{oops' } }] }];
    expect(() => readTrajectory({ messages: bad })).toThrow(/messages\[0\]\.tool_calls\[0\]\.function\.arguments/);
  });
});

describe('readTrajectory: R1-Searcher traces (real, fixtures/data-build)', () => {
  it.each([
    // [trace, queries, retrieved titles (deduplicated), cited by the model's own reasoning]
    [0, ['Lorenzo Strozzi parents'], ['Filippo Strozzi the Elder', 'Barbara Strozzi', 'Strozzi family', 'Leone Strozzi', 'Ercole Strozzi'], []],
    [1, ['Ahmose-Henutemipet paternal family line', 'Queen Ahhotep I paternal grandmother'],
      ['Ahmose-Henutemipet', 'Ahmose (queen)', 'Ahmose I', 'Ahhotep II', 'Ahmose-Henuttamehu', 'Ahhotep I', 'Amenhotep I'], ['Ahmose-Henutemipet', 'Ahhotep I']],
    [2, ['Revenge of the Ninja director', 'Sam Firstenberg birthplace'],
      ['Revenge of the Ninja', 'J.A. Steel', 'Enter the Ninja', 'Sam Firstenberg', 'One More Chance (1983 film)', 'Firstenberg', 'Jonathan Firstenberg', 'Arthur Firstenberg'],
      ['Revenge of the Ninja', 'Sam Firstenberg', 'Firstenberg']],
  ])('trace %i', (i, queries, seen, cited) => {
    const record = traces[i]!;
    expect(detectFormat(record)).toBe('r1-searcher');
    const t = readTrajectory(record);
    expect(t.queries).toEqual(queries);
    expect(ids(t.seen)).toEqual(seen);
    // Every retrieved document was put in front of the model: read = seen.
    expect(ids(t.read)).toEqual(seen);
    expect(ids(t.cited)).toEqual(cited);
    for (const d of t.seen) expect(record.gen_text_store).toContain(d.text!.slice(0, 40));
  });

  it('does not count a title that appears only inside retrieved documents as cited', () => {
    // "Filippo Strozzi the Elder" is a retrieved title; the reasoning names only "the Younger".
    const t = readTrajectory(traces[0]!.gen_text_store);
    expect(t.cited).toEqual([]);
    expect(t.answer).toBe('Filippo Strozzi the Younger');
  });

  it('reads Search-R1 blocks too', () => {
    const text = 'I search.<search>capital of France</search><information>Doc 1(Title: "Paris") Paris is the capital.\nDoc 2(Title: "Lyon") Lyon is a city.</information>So Paris it is.<answer>Paris</answer>';
    const t = readTrajectory({ trace: text });
    expect(t.queries).toEqual(['capital of France']);
    expect(t.seen).toEqual([{ id: 'Paris', title: 'Paris', text: 'Paris is the capital.' }, { id: 'Lyon', title: 'Lyon', text: 'Lyon is a city.' }]);
    expect(ids(t.cited)).toEqual(['Paris']);
    expect(t.answer).toBe('Paris');
  });

  it('parses numbered blocks with continuation lines', () => {
    expect(parseNumberedDocs('(1)A   first\nmore\n(2)B   second')).toEqual([
      { id: 'A', title: 'A', text: 'first\nmore' },
      { id: 'B', title: 'B', text: 'second' },
    ]);
  });
});

describe('readTrajectory: unknown shapes', () => {
  it.each([[42], [null], [{ foo: 1 }]])('%j gets INVALID_TRAJECTORY', (value) => {
    expect(() => readTrajectory(value)).toThrow(expect.objectContaining({ code: 'INVALID_TRAJECTORY' }));
  });
});

describe('readTrajectory scales linearly (issue 21)', () => {
  it('an R1-Searcher trace with 10x the searches takes well under the 100x of a quadratic scan', () => {
    const trace = (n: number): string =>
      Array.from({ length: n }, (_, i) => `I search. <|begin_of_query|>query ${i}<|end_of_query|><|begin_of_documents|>(1)Page ${i}   some text ${i}\n<|end_of_documents|>`).join(' ') + '<answer>x</answer>';
    const small = trace(400);
    const large = trace(4000);
    expect(readTrajectory({ gen_text_store: large }).queries).toHaveLength(4000);
    // Interleaved, best of five each: a busy machine slows single runs, rarely every one.
    let a = Infinity;
    let b = Infinity;
    for (let k = 0; k < 5; k++) {
      let t = performance.now();
      readTrajectory({ gen_text_store: small });
      a = Math.min(a, performance.now() - t);
      t = performance.now();
      readTrajectory({ gen_text_store: large });
      b = Math.min(b, performance.now() - t);
    }
    expect(b / Math.max(a, 2)).toBeLessThan(50);
  });
});

describe('readTrajectory: chats opening by title and native trajectories citing by URL are linear (issue 21)', () => {
  const ratio = (small: unknown, large: unknown): number => {
    let a = Infinity;
    let b = Infinity;
    for (let k = 0; k < 5; k++) {
      let t = performance.now();
      readTrajectory(small);
      a = Math.min(a, performance.now() - t);
      t = performance.now();
      readTrajectory(large);
      b = Math.min(b, performance.now() - t);
    }
    return b / Math.max(a, 2);
  };

  it('a chat opening n pages by title: 10x the pages, well under the 100x of a scan per open', () => {
    const chat = (n: number): unknown => {
      const messages: unknown[] = [{ role: 'user', content: 'q' }];
      const results = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, title: `Page number ${i}`, snippet: 's' }));
      messages.push({ role: 'assistant', content: '', tool_calls: [{ id: 's', type: 'function', function: { name: 'search', arguments: '{"query":"x"}' } }] });
      messages.push({ role: 'tool', tool_call_id: 's', content: JSON.stringify(results) });
      for (let i = 0; i < n; i++) {
        messages.push({ role: 'assistant', content: '', tool_calls: [{ id: `o${i}`, type: 'function', function: { name: 'open', arguments: JSON.stringify({ title: `Page number ${i}` }) } }] });
        messages.push({ role: 'tool', tool_call_id: `o${i}`, content: `text ${i}` });
      }
      messages.push({ role: 'assistant', content: 'done' });
      return { messages };
    };
    const read = readTrajectory(chat(3000)).read;
    expect(read).toHaveLength(3000);
    expect(read.slice(0, 3).map((d) => d.id)).toEqual(['d0', 'd1', 'd2']); // found by title
    expect(ratio(chat(300), chat(3000))).toBeLessThan(40);
  });

  it('a native trajectory citing n pages by URL: 10x the pages, well under the 100x of a scan per citation', () => {
    const native = (n: number): unknown => ({
      steps: [{ search: { query: 'x', results: Array.from({ length: n }, (_, i) => ({ id: `d${i}`, title: `T${i}`, url: `https://example.org/wiki/P${i}` })) } }],
      citations: Array.from({ length: n }, (_, i) => `https://example.org/wiki/P${i}`),
    });
    expect(readTrajectory(native(3000)).cited.map((d) => d.id)).toEqual(Array.from({ length: 3000 }, (_, i) => `d${i}`));
    expect(ratio(native(300), native(3000))).toBeLessThan(40);
  });
});
