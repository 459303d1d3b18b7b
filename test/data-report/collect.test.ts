// The data report's data, in Node: cutting prompts back into documents, placing each document by
// its provenance, skipping what cannot be shown, storing each document once, reading a page back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildContext, fromTrainingRow, toTrainingRow, type Doc, type NativeTrainingRow } from '../../src/data/index.js';
import { DataReportCollector, readDataReport, renderDataReportHtml, splitPrompt } from '../../src/report/training-rows/index.js';
import { HOSTILE_TEXT, musiqueRows } from './rows.js';

const piece = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('\n\n', '[Doc ', '] ', '\n\n[Doc 1] ', '\n\n[Doc 2] ', '\n\n[Doc 7] ', 'Question: ', '\n\nQuestion: x'));
const textArb = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));

describe('splitPrompt', () => {
  it('gives back every document block of a built context, whatever markers the texts quote (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ title: textArb, text: textArb }), { maxLength: 10 }), textArb, fc.integer({ min: 0, max: 1000 }), (list, question, seed) => {
        // The gold needs text (buildContext refuses gold without any); distractors without text are left out.
        const docs: Doc[] = list.map((d, i) => ({ id: `d${i}`, title: d.title.replace(/\n/g, ' '), text: i === 0 && d.text.trim() === '' ? `x${d.text}` : d.text }));
        const context = buildContext({ gold: docs.slice(0, 1), tier1: docs.slice(1) }, { budgetTokens: 1_000_000, seed, question });
        // The one prompt no cut can read unambiguously: a document quoting its own marker.
        fc.pre(context.documents.every((d, n) => !`${d.title ?? ''}\n${d.text ?? ''}`.includes(`\n\n[Doc ${n + 1}] `)));
        const cut = splitPrompt(context.prompt, context.documents.length, question);
        expect(cut).toBeDefined();
        expect(cut!.blocks.map(([s, e]) => context.prompt.slice(s, e))).toEqual(context.documents.map((d) => `${d.title ?? ''}\n${d.text ?? ''}`));
        expect(cut!.tail).toBe(`Question: ${question}`);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['fewer blocks than asked', 'Answer.\n\n[Doc 1] A\na\n\nQuestion: q', 2],
    ['no question block', 'Answer.\n\n[Doc 1] A\na', 1],
    ['a block number missing', 'Answer.\n\n[Doc 1] A\na\n\n[Doc 3] C\nc\n\nQuestion: q', 2],
  ])('undefined for %s', (_, prompt, count) => {
    expect(splitPrompt(prompt, count, 'q')).toBeUndefined();
  });
});

const built = await musiqueRows({ format: 'native', hostile: true });
const native = built.rows as NativeTrainingRow[];

describe('DataReportCollector', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'not a training row'],
    ['a rollout row', { id: 'x', response: 'r', answer: 'a', entities: [] }, 'not a training row'],
    ['a slime row without provenance', { input_messages: [{ role: 'user', content: 'p' }], label: 'a', metadata: { extra_reward_info: { question: 'q', rubrics: [] } } }, 'without provenance'],
    ['a bad answer', { ...native[0]!, answer: 42 }, 'answer'],
    ['bad entities', { ...native[0]!, entities: [{ nope: 1 }] }, 'entities'],
    ['a path of nulls', { ...native[0]!, provenance: { ...native[0]!.provenance, path: [null] } }, 'provenance.path'],
    ['gold positions that are not numbers', { ...native[0]!, provenance: { ...native[0]!.provenance, goldPositions: ['a'] } }, 'provenance.goldPositions'],
    ['a tier that is not a list', { ...native[0]!, provenance: { ...native[0]!.provenance, docs: { gold: [] } } }, 'provenance.docs'],
    ['a prompt that lost a document', { ...native[0]!, prompt: native[0]!.prompt.replace('[Doc 2] ', '[Doc two] ') }, 'does not hold the'],
  ])('skips %s with a counted reason, never throws', (_, row, reason) => {
    const c = new DataReportCollector({ title: 't' });
    const result = c.add(row, 7);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(reason);
    const { index } = c.data();
    expect(index.skipped).toEqual({ count: 1, first: [{ line: 7, message: (result as { message: string }).message }] });
    expect(index.rows).toEqual([]);
  });

  it('a row from before provenance.order: gold by goldPositions, one distractor tier placed in order, several left unknown', () => {
    const docs: Doc[] = Array.from({ length: 6 }, (_, i) => ({ id: `d${i}`, title: `T${i}`, text: `text ${i}` }));
    const context = (tier2: Doc[]) => buildContext({ gold: docs.slice(0, 2), tier1: docs.slice(2, 4), tier2 }, { budgetTokens: 10_000, seed: 4, question: 'q' });
    const row = (tier2: Doc[]) => {
      const r = toTrainingRow({ id: 'r', question: 'q', answer: 'a', entities: ['T0'], context: context(tier2) }, 'native');
      const expected = r.provenance.order!;
      delete r.provenance.order;
      return { r, expected };
    };
    const c = new DataReportCollector({ title: 't' });
    const one = row([]);
    const two = row(docs.slice(4));
    expect(c.add(one.r, 1)).toEqual({ ok: true });
    expect(c.add(two.r, 2)).toEqual({ ok: true });
    const page = readDataReport(renderDataReportHtml(c.data()));
    const placed = (i: number) => page.bodies[i]!.docs.map(([doc, tier]) => [page.docs[doc]![0], ['gold', 'tier1', 'tier2', 'pool', 'unknown'][tier]]);
    expect(placed(0)).toEqual(one.expected.map((id) => [id, Number(id.slice(1)) < 2 ? 'gold' : 'tier1']));
    expect(placed(1)).toEqual(two.expected.map((id) => (Number(id.slice(1)) < 2 ? [id, 'gold'] : ['', 'unknown'])));
  });

  it('stores each document once across rows and parts; the page reads back to the same documents per row', () => {
    const rows = [...native, ...native];
    const small = new DataReportCollector({ title: 't', partChars: 600 });
    const whole = new DataReportCollector({ title: 't' });
    rows.forEach((r, i) => {
      small.add(r, i + 1);
      whole.add(r, i + 1);
    });
    const a = small.data();
    const b = whole.data();
    expect(a.rowParts.length).toBeGreaterThan(2);
    expect(a.docParts.length).toBeGreaterThan(2);
    expect(b.rowParts.length).toBe(1);
    const resolve = (html: string) => {
      const page = readDataReport(html);
      return { page, docs: page.bodies.map((body) => body.docs.map(([doc, tier, marks]) => [page.docs[doc], tier, marks])) };
    };
    const fromSmall = resolve(renderDataReportHtml(a));
    const fromWhole = resolve(renderDataReportHtml(b));
    expect(fromSmall.docs).toEqual(fromWhole.docs);
    // Each row's documents are its provenance's, in order; the repeated rows add no document.
    fromWhole.docs.forEach((docs, i) => expect(docs.map((d) => (d[0] as [string, string])[0])).toEqual(fromTrainingRow(rows[i])!.provenance!.order));
    const distinct = new Set(native.flatMap((r) => r.provenance.order!)).size;
    expect(fromWhole.page.docs).toHaveLength(distinct);
    expect(fromSmall.page.index.rows.map((r) => r.row)).toEqual(rows.map((_, i) => i + 1));
    // In the page, every row part stands after each document part its rows need (the page draws a
    // row as soon as the parser has read its parts).
    const html = renderDataReportHtml(a);
    const at = new Map([...html.matchAll(/data-(rows|docs)-part="(\d+)"/g)].map((m, i) => [`${m[1]}${m[2]}`, i]));
    const starts = fromSmall.page.index.docParts;
    const partOf = (doc: number) => starts.filter((s) => s <= doc).length - 1;
    fromSmall.page.index.rows.forEach((r, i) => {
      for (const [doc] of fromSmall.page.bodies[i]!.docs) expect(at.get(`docs${partOf(doc)}`)!).toBeLessThan(at.get(`rows${r.part}`)!);
    });
  });

  it('the page embeds a hostile document only as base64: no markup of it in the HTML', () => {
    const c = new DataReportCollector({ title: '</title><script>window.pwned=1</script>' });
    native.forEach((r, i) => c.add(r, i + 1));
    const html = renderDataReportHtml(c.data());
    // The title stands escaped; the documents only inside the base64 parts.
    expect(html.split('<script>window.pwned')).toHaveLength(1);
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;</title>');
    expect(html).not.toContain(HOSTILE_TEXT.slice(0, 40));
    expect(readDataReport(html).docs.some(([, text]) => text.includes(HOSTILE_TEXT))).toBe(true);
  });
});
