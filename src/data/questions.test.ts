import { describe, expect, it } from 'vitest';
import { fakeChatServers } from '../../test/judge/fake-chat-server.js';
import {
  checkQuestion, createLlmClient, readQuestion, templateQuestion, writeQuestions,
  type Chain, type ChatModel, type LabelledTriple, type WrittenQuestion,
} from './index.js';

/** A chain from `[subjectLabel, relationLabel, objectLabel]` hops; aliases by label. */
function chain(hops: [string, string, string][], aliases: Record<string, string[]> = {}): Chain {
  const triples: LabelledTriple[] = hops.map(([s, r, o]) => ({ subject: s, relation: r, object: o, subjectLabel: s, relationLabel: r, objectLabel: o }));
  const names = [hops[0]![0], ...hops.map((h) => h[2])];
  const last = names.at(-1)!;
  return {
    id: 'c1', seed: 1, triples,
    entities: names.map((name) => ({ name, aliases: aliases[name] ?? [] })),
    answer: { answer: last, aliases: aliases[last] ?? [] },
  };
}

const portugal = chain([['Portugal', 'shares border with', 'Spain'], ['Spain', 'currency', 'Euro']], { Euro: ['EUR'], Spain: ['Kingdom of Spain'] });
const gottingen = chain([['Carl Friedrich Gauss', 'place of death', 'Göttingen'], ['Göttingen', 'country', 'Germany']]);
const uk = chain([['Isaac Newton', 'country of citizenship', 'United Kingdom'], ['United Kingdom', 'capital', 'London']]);
const petersburg = chain([['Dmitri Mendeleev', 'place of birth', 'Tobolsk'], ['Tobolsk', 'place of death', 'Saint Petersburg']]);

describe('templateQuestion', () => {
  it.each([
    [portugal, undefined, 'What is the currency of the country that borders Portugal?'],
    [gottingen, undefined, 'What is the country of the place where Carl Friedrich Gauss died?'],
    [chain([['Ada', 'favourite dish', 'Soup'], ['Soup', 'colour', 'Red']]), undefined, 'What is the colour of the favourite dish of Ada?'],
    [chain([['Ada', 'favourite dish', 'Soup']]), { phrasings: { 'favourite dish': 'the dish {x} liked best' }, lead: 'Name' }, 'Name the dish Ada liked best?'],
  ])('%#: %s', (c, options, expected) => {
    expect(templateQuestion(c, options)).toBe(expected);
  });

  it('template questions pass their own check', () => {
    for (const c of [portugal, gottingen, uk, petersburg]) expect(checkQuestion(templateQuestion(c), c)).toMatchObject({ ok: true, reasons: [] });
  });

  it('refuses a phrasing without {x} and a chain without triples', () => {
    expect(() => templateQuestion(portugal, { phrasings: { currency: 'money' } })).toThrow(/phrasings\.currency: phrasing for "currency" must contain \{x\}/);
    expect(() => templateQuestion({ ...portugal, triples: [] })).toThrow(/chain\.triples: a chain needs at least one triple/);
  });
});

describe('checkQuestion', () => {
  it.each([
    ['answer by name', portugal, 'Which currency, the Euro, is used next to Portugal?', ['answer-leak'], ['Euro']],
    ['answer by alias (a code)', portugal, 'Is EUR the currency of the country bordering Portugal?', ['answer-leak'], ['Euro']],
    ['bridge by alias', portugal, 'What currency does the Kingdom of Spain, next to Portugal, use?', ['bridge-leak'], ['Spain']],
    ['bridge without its accent', gottingen, 'In which country is Gottingen, where Carl Friedrich Gauss died?', ['bridge-leak'], ['Göttingen']],
    ['bridge with its accent, answer too', gottingen, 'Göttingen is in Germany; Carl Friedrich Gauss died there?', ['answer-leak', 'bridge-leak'], ['Germany', 'Göttingen']],
    ['answer abbreviated (St.)', petersburg, 'Did Dmitri Mendeleev die in St. Petersburg, far from his birthplace?', ['answer-leak'], ['Saint Petersburg']],
    ['bridge by its initials', uk, 'What is the capital of the UK, the country of Isaac Newton?', ['bridge-leak'], ['United Kingdom']],
    ['bridge by dotted initials', uk, 'What is the capital of the U.K., home of Isaac Newton?', ['bridge-leak'], ['United Kingdom']],
    ['start missing', portugal, 'What is the currency of the country bordering that Iberian state?', ['start-missing'], []],
    ['empty', portugal, '   ', ['empty'], []],
  ])('%s', (_what, c, question, reasons, leaked) => {
    expect(checkQuestion(question, c)).toEqual({ ok: false, reasons, leaked });
  });

  it('a clean question passes; "uk" in lower case is no initialism', () => {
    expect(checkQuestion('What is the capital of the country of citizenship of Isaac Newton?', uk).ok).toBe(true);
    expect(checkQuestion('What is the capital, uk style, of the country of citizenship of Isaac Newton?', uk).ok).toBe(true);
    expect(checkQuestion('What is the capital of the UK, the country of Isaac Newton?', uk, { initials: false }).ok).toBe(true);
  });

  it('closedBook: a model that answers right without documents makes it a shortcut', async () => {
    const knows: ChatModel = { chat: async () => 'It is the Euro.' };
    const guesses: ChatModel = { chat: async () => 'The peseta.' };
    const question = templateQuestion(portugal);
    await expect(checkQuestion(question, portugal, { closedBook: knows })).resolves.toEqual({ ok: false, reasons: ['shortcut'], leaked: [], closedBookAnswer: 'It is the Euro.' });
    await expect(checkQuestion(question, portugal, { closedBook: guesses })).resolves.toEqual({ ok: true, reasons: [], leaked: [], closedBookAnswer: 'The peseta.' });
  });

  it('names a bad input', () => {
    expect(() => checkQuestion(42 as never, portugal)).toThrow(/question: question must be a string/);
    expect(() => checkQuestion('x?', { ...portugal, entities: [] })).toThrow(/chain: chain must have entities/);
  });
});

describe('readQuestion', () => {
  it.each([
    ['<think>hmm, Spain</think>\nQuestion: What is the currency of the country bordering Portugal?', 'What is the currency of the country bordering Portugal?'],
    ['"Which river flows through the capital of Austria?"', 'Which river flows through the capital of Austria?'],
    ['Here it is.\n**Question:** Who wrote it?', 'Who wrote it?'],
    ['   ', null],
  ])('%j', (reply, expected) => {
    expect(readQuestion(reply)).toBe(expected);
  });
});

describe('writeQuestions against a loopback chat server', () => {
  const serve = fakeChatServers();
  async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of items) out.push(item);
    return out;
  }

  it('asks for a question per chain, hides the chain in the prompt, checks each, keeps the order', async () => {
    const chains = [portugal, gottingen, uk, petersburg].map((c, i) => ({ ...c, id: `c${i}` }));
    // The model leaks the answer of the second chain, answers the others well; later chains answer first.
    const server = await serve((r) => {
      const start = /^Start entity: (.*)$/m.exec(r.body.messages[1]!.content)![1]!;
      const c = chains.find((x) => x.triples[0]!.subjectLabel === start)!;
      const reply = c === chains[1] ? 'Is Germany where Carl Friedrich Gauss died?' : `<think>ok</think>\n${templateQuestion(c)}`;
      return { reply, delayMs: 40 - chains.indexOf(c) * 10 };
    });
    const client = createLlmClient({ baseURL: server.baseURL, model: 'writer', retryDelayMs: 1 });
    const written: WrittenQuestion[] = await all(writeQuestions(chains, { client, concurrency: 3 }));
    expect(written.map((w) => w.chain.id)).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(written.map((w) => w.check.ok)).toEqual([true, false, true, true]);
    expect(written[1]!.check.reasons).toEqual(['answer-leak']);
    expect(server.received).toHaveLength(4);
    expect(server.maxConcurrent).toBeLessThanOrEqual(3);
    const [system, user] = server.received[0]!.body.messages;
    expect(system!.content).toMatch(/Never name any intermediate entity or the answer/);
    expect(user!.content).toMatch(/Do not name: Spain; Euro/);
    expect(server.received[0]!.body.model).toBe('writer');
  });

  it('retries an unreadable reply, and reports a chain that gets no question without stopping the run', async () => {
    let n = 0;
    const server = await serve(() => (n++ === 0 ? { reply: '   ' } : { status: 400, body: 'bad request' }));
    const client = createLlmClient({ baseURL: server.baseURL, model: 'writer', retries: 1, retryDelayMs: 1 });
    const [first, second] = await all(writeQuestions([portugal, uk], { client, concurrency: 1 }));
    expect(first).toMatchObject({ question: '', error: { code: 'LLM_UNAVAILABLE', message: expect.stringMatching(/LLM endpoint answered HTTP 400: bad request/) } });
    expect(second).toMatchObject({ question: '', error: { code: 'LLM_UNAVAILABLE' } });
    expect(client.stats()).toMatchObject({ calls: 2, requests: 3, retries: 1, errors: 2 });
  });

  it('uses a custom prompt function and a closed-book model', async () => {
    const server = await serve(() => ({ reply: templateQuestion(portugal) }));
    const client = createLlmClient({ baseURL: server.baseURL, model: 'writer' });
    const [row] = await all(
      writeQuestions([portugal], { client, prompt: () => [{ role: 'user', content: 'write!' }], check: { closedBook: { chat: async () => 'Euro' } } }),
    );
    expect(server.received[0]!.body.messages).toEqual([{ role: 'user', content: 'write!' }]);
    expect(row!.check.reasons).toEqual(['shortcut']);
  });

  it('refuses a missing client and a bad concurrency', async () => {
    await expect(all(writeQuestions([portugal], { client: {} as never }))).rejects.toThrow(/client: client must be an LlmClient/);
    const client = createLlmClient({ baseURL: 'http://127.0.0.1:9/v1', model: 'm' });
    await expect(all(writeQuestions([portugal], { client, concurrency: 0 }))).rejects.toThrow(/concurrency must be an integer ≥ 1/);
  });
});

describe('hostile labels and seeds (issue 21)', () => {
  it('templateQuestion inserts labels with $ patterns literally', async () => {
    const { templateQuestion } = await import('./template-question.js');
    for (const label of ["US$'", 'a $& b', '$$5']) {
      const chain = {
        id: 'c', seed: 1, entities: [label, 'B'], answer: { answer: 'B', aliases: [] },
        triples: [{ subject: 's', relation: 'P1', object: 'o', subjectLabel: label, relationLabel: 'capital', objectLabel: 'B' }],
      };
      expect(templateQuestion(chain)).toContain(label);
    }
  });

  it('walkSeed uses every bit of the seed: 2^32 is not 0, 32-bit seeds are unchanged', async () => {
    const { walkSeed } = await import('./sample-walks.js');
    expect(walkSeed(2 ** 32, 0)).not.toBe(walkSeed(0, 0));
    expect(walkSeed(2 ** 32 + 5, 3)).not.toBe(walkSeed(5, 3));
    expect(walkSeed(7, 3)).toBe(1421140843); // as before the change
  });
});
