import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphError, loadGraph, type KnowledgeGraph } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'graph-'));
function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The edges of a graph as sorted `s r o` strings. */
function edges(graph: KnowledgeGraph): string[] {
  return [...graph.triples()].map((t) => `${t.subject} ${t.relation} ${t.object}`).sort();
}

const TRIPLES = [
  { subject: 'Q1', relation: 'P1', object: 'Q2' },
  { subject: 'Q2', relation: 'P2', object: 'Q3' },
  { subject: 'Q1', relation: 'P2', object: 'Q3' },
];
const EXPECTED = ['Q1 P1 Q2', 'Q1 P2 Q3', 'Q2 P2 Q3'];

describe('loadGraph', () => {
  it.each([
    ['tsv', 'g.tsv', '# comment\nQ1\tP1\tQ2\r\nQ2\tP2\tQ3\n\nQ1\tP2\tQ3'],
    ['jsonl', 'g.jsonl', TRIPLES.map((t) => JSON.stringify(t)).join('\n')],
    [
      'ntriples',
      'g.nt',
      [
        '<http://www.wikidata.org/entity/Q1> <http://www.wikidata.org/prop/direct/P1> <http://www.wikidata.org/entity/Q2> .',
        '<http://www.wikidata.org/entity/Q2> <http://www.wikidata.org/prop/direct/P2> <http://www.wikidata.org/entity/Q3> .',
        '<http://www.wikidata.org/entity/Q1> <http://www.wikidata.org/prop/direct/P2> <http://www.wikidata.org/entity/Q3> .',
        '<http://www.wikidata.org/entity/Q1> <http://www.wikidata.org/prop/direct/P1082> "3644826"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
      ].join('\n'),
    ],
  ])('reads %s', async (_format, name, text) => {
    const graph = await loadGraph(file(name, text));
    expect(edges(graph)).toEqual(EXPECTED);
    expect(graph.nodeCount).toBe(3);
    expect(graph.edgeCount).toBe(3);
  });

  it('reads a gzipped file and an async iterable alike', async () => {
    const gz = await loadGraph(file('g.tsv.gz', gzipSync('Q1\tP1\tQ2\nQ2\tP2\tQ3\nQ1\tP2\tQ3\n')));
    async function* items() {
      yield* TRIPLES;
    }
    expect(edges(gz)).toEqual(EXPECTED);
    expect(edges(await loadGraph(items()))).toEqual(EXPECTED);
  });

  it('counts degree as in + out, and keeps out-edges sorted by relation', async () => {
    const graph = await loadGraph(TRIPLES);
    const q1 = graph.node('Q1')!;
    const q3 = graph.node('Q3')!;
    expect([graph.degree(q1), graph.outDegree(q1), graph.inDegree(q3), graph.degree(q3)]).toEqual([2, 2, 2, 2]);
    expect(graph.out(q1).map((e) => graph.relationId(e.relation))).toEqual(['P1', 'P2']);
    expect(graph.in(q3).map((e) => graph.id(e.node)).sort()).toEqual(['Q1', 'Q2']);
    const [from, to] = graph.outRange(q1, graph.relation('P2')!);
    expect(graph.id(graph.outTargets[from]!)).toBe('Q3');
    expect(to - from).toBe(1);
  });

  it('N-Triples: literals skipped (counted) unless asked, labels and aliases in the chosen language', async () => {
    const nt = file('labels.nt', [
      '<http://e/Q64> <http://p/P17> <http://e/Q183> .',
      '<http://e/Q64> <http://www.w3.org/2000/01/rdf-schema#label> "Berlin"@en .',
      '<http://e/Q64> <http://www.w3.org/2000/01/rdf-schema#label> "Berlín"@es .',
      '<http://e/Q183> <http://www.w3.org/2000/01/rdf-schema#label> "G\\u00F6ttingen \\"x\\""@en .',
      '<http://e/Q183> <http://www.w3.org/2004/02/skos/core#altLabel> "Deutschland"@en .',
      '<http://e/Q64> <http://p/P1082> "3644826" .',
    ].join('\n'));
    const graph = await loadGraph(nt);
    expect(graph.stats.literals).toBe(1);
    expect(graph.edgeCount).toBe(1);
    expect(graph.label(graph.node('Q64')!)).toBe('Berlin');
    expect(graph.label(graph.node('Q183')!)).toBe('Göttingen "x"');
    expect(graph.aliases(graph.node('Q183')!)).toEqual(['Deutschland']);
    const withLiterals = await loadGraph(nt, { literals: true, iri: 'full' });
    expect(withLiterals.edgeCount).toBe(2);
    expect(withLiterals.node('http://e/Q64')).toBeDefined();
    expect(withLiterals.node('3644826')).toBeDefined();
  });

  it('applies labels and relation labels from files or iterables; unknown ids are ignored', async () => {
    const labels = file('l.jsonl', '{"id":"Q1","label":"Marie Curie","aliases":["Maria Skłodowska"]}\n{"id":"Q9","label":"not in graph"}\n');
    const graph = await loadGraph(TRIPLES, { labels, relations: [{ id: 'P1', label: 'place of birth' }] });
    expect(graph.labelled).toBe(true);
    expect(graph.label(graph.node('Q1')!)).toBe('Marie Curie');
    expect(graph.aliases(graph.node('Q1')!)).toEqual(['Maria Skłodowska']);
    expect(graph.hasLabel(graph.node('Q2')!)).toBe(false);
    expect(graph.label(graph.node('Q2')!)).toBe('Q2');
    expect(graph.relationLabel(graph.relation('P1')!)).toBe('place of birth');
    expect(graph.relationLabel(graph.relation('P2')!)).toBe('P2');
    const bare = await loadGraph(TRIPLES);
    expect(bare.hasLabel(bare.node('Q2')!)).toBe(true);
  });

  it.each([
    ['g1.tsv', 'Q1\tP1\tQ2\nQ1\tP1\n', 2, /g1\.tsv line 2: expected 3 tab-separated fields/],
    ['g2.jsonl', '{"subject":"a","relation":"r","object":"b"}\n{"subject":"a","relation":"r"}\n', 2, /g2\.jsonl line 2: object must be a non-empty string/],
    ['g3.jsonl', '\n{oops\n', 2, /g3\.jsonl line 2: not valid JSON/],
    ['g4.nt', '<a> <b> <c>\n', 1, /g4\.nt line 1: expected " \." after the object/],
    ['g5.nt', '<a> <b> "open .\n', 1, /g5\.nt line 1: unterminated literal/],
  ])('%s: INVALID_GRAPH names file and line', async (name, text, line, message) => {
    const path = file(name, text);
    const error = await loadGraph(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ code: 'INVALID_GRAPH', file: path, line });
    expect((error as Error).message).toMatch(message);
  });

  it("onInvalid: 'skip' counts the bad lines and keeps the rest", async () => {
    const graph = await loadGraph(file('bad.tsv', 'Q1\tP1\tQ2\nbroken\nQ2\tP2\tQ3\n\tP\tx\n'), { onInvalid: 'skip' });
    expect(graph.stats).toMatchObject({ skipped: 2, triples: 2 });
  });

  it.each([
    [file('g.xml', 'x'), /unknown graph format/],
    [join(dir, 'missing.tsv'), /missing\.tsv: cannot read the file \(ENOENT\)/],
  ])('%s is refused with a clear message', async (path, message) => {
    await expect(loadGraph(path)).rejects.toThrow(message);
  });

  it('more distinct ids than maxEntities is an INVALID_GRAPH error naming the line, even with onInvalid skip', async () => {
    const path = file('big.tsv', 'a\tr\tb\nc\tr\td\n');
    await expect(loadGraph(path, { maxEntities: 3, onInvalid: 'skip' })).rejects.toThrow(/big\.tsv line 2: more than 3 distinct entity ids \(maxEntities\)/);
    await expect(loadGraph(TRIPLES, { maxEntities: 2 })).rejects.toThrow(/\(iterable\) line 2: more than 2 distinct entity ids/);
    await expect(loadGraph(TRIPLES, { maxEntities: 0 })).rejects.toThrow(/maxEntities must be an integer from 1 to 16777216/);
  });

  const wikidata = (id: string, en: string, fr: string, aliases: string[]): string =>
    JSON.stringify({ id, type: 'item', labels: { en: { language: 'en', value: en }, fr: { language: 'fr', value: fr } }, aliases: { en: aliases.map((value) => ({ language: 'en', value })) } });
  it.each<[string, string, string, { language?: string }, { label: string; aliases: string[]; relation: string }]>([
    ['JSONL records', 'l1.jsonl', '{"id":"Q1","label":"Marie Curie","aliases":["Maria Skłodowska"]}', {}, { label: 'Marie Curie', aliases: ['Maria Skłodowska'], relation: 'P1' }],
    ['Wikidata entities (JSONL)', 'l2.jsonl', wikidata('Q1', 'Marie Curie', 'Marie Curie-Skłodowska', ['Maria Skłodowska']), {}, { label: 'Marie Curie', aliases: ['Maria Skłodowska'], relation: 'P1' }],
    ['Wikidata entities, another language', 'l3.jsonl', wikidata('Q1', 'Marie Curie', 'Marie Curie-Skłodowska', []), { language: 'fr' }, { label: 'Marie Curie-Skłodowska', aliases: [], relation: 'P1' }],
    ['a .json object keyed by id (CoDEx entities.json)', 'l4.json', '{\n  "Q1": { "label": "Marie Curie", "description": "physicist", "wiki": "x" }\n}', {}, { label: 'Marie Curie', aliases: [], relation: 'P1' }],
    ['a .json array of records, pretty-printed', 'l5.json', '[\n  { "id": "Q1", "label": "Marie Curie", "aliases": ["Maria Skłodowska"] }\n]\n', {}, { label: 'Marie Curie', aliases: ['Maria Skłodowska'], relation: 'P1' }],
  ])('reads labels as %s', async (_shape, name, text, options, expected) => {
    // Relations in CoDEx's relations.json shape, as it ships: one line, keyed by id, with descriptions.
    const relations = file(`r-${name}.json`, '{"P1": {"label": "place of birth", "description": "most specific known birth location"}, "P2": "country"}');
    const graph = await loadGraph(TRIPLES, { labels: file(name, text), relations, ...options });
    expect(graph.label(graph.node('Q1')!)).toBe(expected.label);
    expect(graph.aliases(graph.node('Q1')!)).toEqual(expected.aliases);
    expect(graph.relationLabel(graph.relation('P1')!)).toBe('place of birth');
    expect(graph.relationLabel(graph.relation('P2')!)).toBe('country');
  });

  it.each([
    ['r1.jsonl', '{"P1": 5}', /r1\.jsonl line 1: "P1": expected \{ "id", "label", "aliases"\? \}/],
    ['r2.jsonl', '[1]', /r2\.jsonl line 1: expected \{ "id", "label"/],
    ['r3.json', '{"P1": {"label": "x"}', /r3\.json: not valid JSON \(a \.json file is read as one value/],
    ['r4.jsonl', '{"id": "P1", "name": "x"}', /r4\.jsonl line 1: "P1": no "label" or "labels"; expected/],
  ])('a relation file %s in no known shape names the shapes it takes', async (name, text, message) => {
    await expect(loadGraph(TRIPLES, { relations: file(name, text) })).rejects.toThrow(message);
  });

  it('names the item of an iterable and the bad label line', async () => {
    await expect(loadGraph([{ subject: 'a', relation: 'r', object: 'b' }, { subject: 'a', relation: '', object: 'b' }])).rejects.toThrow(
      '(iterable) line 2: relation must be a non-empty string',
    );
    const labels = file('bad-labels.jsonl', '{"id":"Q1","label":"x"}\n{"id":"Q2"}\n');
    await expect(loadGraph(TRIPLES, { labels })).rejects.toThrow('bad-labels.jsonl line 2: "Q2": no "label" or "labels"; expected { "id", "label", "aliases"? }, an object keyed by id');
    const empty = file('empty-label.jsonl', '{"id":"Q1","label":" "}\n');
    await expect(loadGraph(TRIPLES, { labels: empty })).rejects.toThrow(/empty-label\.jsonl line 1: label must be a non-empty string/);
    await expect(loadGraph(42 as never)).rejects.toThrow(/source must be a file path or an \(async\) iterable/);
  });

  it('property: any triples load into a CSR that gives every edge back, with degrees summing to 2E', async () => {
    const triple = fc.record({
      subject: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      relation: fc.constantFrom('r1', 'r2', 'r3'),
      object: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(triple, { maxLength: 60 }), async (triples) => {
        const graph = await loadGraph(triples);
        expect(edges(graph)).toEqual(triples.map((t) => `${t.subject} ${t.relation} ${t.object}`).sort());
        let total = 0;
        for (let n = 0; n < graph.nodeCount; n++) {
          total += graph.degree(n);
          const rels = graph.out(n).map((e) => e.relation);
          expect(rels).toEqual([...rels].sort((x, y) => x - y));
        }
        expect(total).toBe(2 * triples.length);
      }),
      { numRuns: 100 },
    );
  });
});

describe('labels the scorer could never use (issue 21)', () => {
  it('leaves out labels and aliases without a letter or digit, counts them, and walks avoid those entities', async () => {
    const graph = await loadGraph(
      [{ subject: 'a', relation: 'r', object: 'b' }, { subject: 'b', relation: 'r', object: 'c' }],
      { labels: [{ id: 'a', label: 'Alpha', aliases: ['', 'A1'] }, { id: 'b', label: '!!!', aliases: ['  '] }, { id: 'c', label: 'Gamma' }] },
    );
    expect(graph.stats.unusableLabels).toBe(1);
    const b = graph.node('b')!;
    expect(graph.hasLabel(b)).toBe(false);
    expect(graph.aliases(graph.node('a')!)).toEqual(['A1']);
  });

  it('one id repeated many times costs linear time (aliases kept as a set while loading)', async () => {
    const records = (n: number) => Array.from({ length: n }, (_, i) => ({ id: 'a', label: 'Alpha', aliases: [`alias ${i}`] }));
    const time = async (n: number): Promise<number> => {
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        await loadGraph([{ subject: 'a', relation: 'r', object: 'b' }], { labels: records(n) });
        best = Math.min(best, performance.now() - t);
      }
      return Math.max(best, 5);
    };
    const small = await time(2000);
    expect((await time(20_000)) / small).toBeLessThan(40);
  });

  it('counts label lines skipped under onInvalid: skip', async () => {
    const graph = await loadGraph([{ subject: 'a', relation: 'r', object: 'b' }], { labels: [{ id: 'a', label: 'A' }, { id: '' } as never, 42 as never], onInvalid: 'skip' });
    expect(graph.stats.skipped).toBe(2);
  });
});

describe('odd lines are counted, never silent (issue 21 item 12)', () => {
  const dir2 = mkdtempSync(join(tmpdir(), 'odd-graph-'));
  it('TSV: extra fields, padded ids and invalid UTF-8 are counted by kind', async () => {
    const path = join(dir2, 'odd.tsv');
    writeFileSync(path, Buffer.concat([Buffer.from('a\tr\tb\textra\nBerlin \tr\tb\nc\tr\t'), Buffer.from([0xff, 0xfe]), Buffer.from('d\n')]));
    const graph = await loadGraph(path);
    expect(graph.stats.odd).toEqual({ extraFields: 1, paddedIds: 1, invalidUtf8: 1, trailingText: 0 });
  });

  it('N-Triples: text after the final " ." is counted; an escape past U+10FFFF is a bad line, skipped under skip', async () => {
    const path = join(dir2, 'odd.nt');
    writeFileSync(path, [
      '<http://x/a> <http://x/r> <http://x/b> . garbage',
      '<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "bad \\UFFFFFFFF"@en .',
      '<http://x/b> <http://x/r> <http://x/c> .',
    ].join('\n'));
    const graph = await loadGraph(path, { onInvalid: 'skip' });
    expect(graph.stats.odd.trailingText).toBe(1);
    expect(graph.stats.skipped).toBe(1);
    expect(graph.edgeCount).toBe(2);
    await expect(loadGraph(path)).rejects.toMatchObject({ name: 'GraphError', line: 2 });
  });
});
