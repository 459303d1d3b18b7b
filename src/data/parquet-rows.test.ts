import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openParquetReader, type ParquetReader } from './duckdb.test-helper.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LongtraceError } from '../errors.js';
import { goldAliases } from '../verify/index.js';
import { parquetRowSchema, parquetSchemaElements, toParquetRow, writeParquetRows } from './parquet-rows.js';
import type { NativeTrainingRow, Provenance } from './training-row.js';

const dir = mkdtempSync(join(tmpdir(), 'parquet-rows-'));
const native = parquetRowSchema('native');
const provenance: Provenance = {
  id: 'q1', path: [], docs: { gold: ['g'], tier1: [], tier2: [], pool: ['p'] }, goldPositions: [0], tokens: 10, budgetTokens: 100, tokenizer: 'approx', seed: 1, tiers: 'bm25',
};
const row = (over: Partial<NativeTrainingRow> = {}): NativeTrainingRow => ({ id: 'q1', prompt: 'P? Q', question: 'Q', answer: 'A', entities: ['E'], provenance, ...over });

let duck: ParquetReader;
beforeAll(async () => {
  duck = await openParquetReader();
});
afterAll(() => duck.close());
const readParquet = (path: string): Promise<unknown[]> => duck.rows(path);

describe('toParquetRow', () => {
  it.each([
    ['a string answer', { answer: 'A' }, { answer: { answer: 'A', aliases: [] } }],
    ['an answer list', { answer: ['A', 'B', 'C'] }, { answer: { answer: 'A', aliases: ['B', 'C'] } }],
    ['an answer object without aliases', { answer: { answer: 'A' } }, { answer: { answer: 'A', aliases: [] } }],
    ['a string rubric entry', { entities: ['E'] }, { entities: [{ name: 'E', aliases: [], weight: 1 }] }],
    ['a rubric object without aliases or weight', { entities: [{ name: 'E' }] }, { entities: [{ name: 'E', aliases: [], weight: 1 }] }],
    ['a rubric object with both', { entities: [{ name: 'E', aliases: ['e'], weight: 0.5 }] }, { entities: [{ name: 'E', aliases: ['e'], weight: 0.5 }] }],
  ])('normalises %s to its one struct shape', (_, over, expected) => {
    expect(toParquetRow(row(over as Partial<NativeTrainingRow>), native)).toMatchObject(expected);
  });

  it('writes absent optional provenance fields as null, int64 columns as bigints, and leaves out keys the schema lacks', () => {
    const out = toParquetRow({ ...row(), extra: 1 }, native) as { provenance: Record<string, unknown> };
    expect(out).not.toHaveProperty('extra');
    expect(out.provenance).toMatchObject({ chainSeed: null, order: null, stop: null, seed: 1n, tokens: 10 });
  });

  it.each([
    ['a missing column', { prompt: undefined }, 'prompt: is missing (the column is required)'],
    ['a number where a string goes', { question: 3 }, 'question: expected a string, got number'],
    ['a rubric entry that is neither shape', { entities: [7] }, 'entities[0]: expected an object, got number'],
    ['a token count past 32 bits', { provenance: { ...provenance, tokens: 2 ** 31 } }, 'provenance.tokens: expected a 32-bit integer, got number'],
    ['a seed that is not an integer', { provenance: { ...provenance, seed: 1.5 } }, 'provenance.seed: expected a safe integer, got number'],
    ['a list where a struct goes', { provenance: { ...provenance, docs: [] } }, 'provenance.docs: expected an object, got an array'],
  ])('refuses %s, naming the field', (_, over, message) => {
    let error: unknown;
    try {
      toParquetRow(row(over as Partial<NativeTrainingRow>), native);
    } catch (e) {
      error = e;
    }
    expect(LongtraceError.isInstance(error) && error.code).toBe('INVALID_INPUT');
    expect((error as Error).message).toBe(message);
  });

  it('gives a schema whose lists are the three-level LIST of the spec', () => {
    const elements = parquetSchemaElements({ tags: { kind: 'list', of: { kind: 'string' } } });
    expect(elements).toEqual([
      { name: 'root', num_children: 1 },
      { name: 'tags', repetition_type: 'REQUIRED', converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'REQUIRED' },
    ]);
  });
});

// Arbitrary native rows: every union shape of answer and rubric, optional provenance fields present or not, any text.
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const goldAnswer = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }), fc.record({ answer: text, aliases: fc.array(text, { maxLength: 2 }) }, { requiredKeys: ['answer'] }));
const goldEntity = fc.oneof(text, fc.record({ name: text, aliases: fc.array(text, { maxLength: 2 }), weight: fc.double({ min: 0, max: 10, noNaN: true }) }, { requiredKeys: ['name'] }));
const triple = fc.record({ subject: text, relation: text, object: text, subjectLabel: text, relationLabel: text, objectLabel: text });
const arbitraryRow = fc.record({
  id: text, prompt: text, question: text, answer: goldAnswer, entities: fc.array(goldEntity, { maxLength: 4 }),
  provenance: fc.record({
    id: text, path: fc.array(triple, { maxLength: 3 }), chainSeed: fc.integer({ min: 0, max: 2 ** 32 }),
    docs: fc.record({ gold: fc.array(text, { maxLength: 2 }), tier1: fc.array(text, { maxLength: 2 }), tier2: fc.array(text, { maxLength: 2 }), pool: fc.array(text, { maxLength: 2 }) }),
    order: fc.array(text, { maxLength: 3 }), goldPositions: fc.array(fc.nat(1000), { maxLength: 3 }), tokens: fc.nat(2 ** 31 - 1), budgetTokens: fc.nat(2 ** 31 - 1),
    tokenizer: text, seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), tiers: fc.constantFrom('bm25', 'trajectory', 'none'), stop: text,
  }, { requiredKeys: ['id', 'path', 'docs', 'goldPositions', 'tokens', 'budgetTokens', 'tokenizer', 'seed', 'tiers'] }),
});

describe('writeParquetRows (property)', () => {
  it('the normalised answer and rubric mean what the originals mean to the reward', () => {
    fc.assert(fc.property(arbitraryRow, (r) => {
      const out = toParquetRow(r, native) as { answer: unknown; entities: { name: string; aliases: string[]; weight: number }[] };
      const aliases = (gold: unknown): string[] | string => {
        try {
          return goldAliases(gold);
        } catch (error) {
          return (error as Error).message;
        }
      };
      expect(aliases(out.answer)).toEqual(aliases(r.answer));
      out.entities.forEach((e, i) => {
        const original = r.entities[i]!;
        expect(e).toEqual(typeof original === 'string' ? { name: original, aliases: [], weight: 1 } : { name: original.name, aliases: original.aliases ?? [], weight: original.weight ?? 1 });
      });
    }));
  });

  it('any rows written come back from DuckDB as their Parquet shape, in order, with no file left beside', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.array(arbitraryRow, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 4000 }), async (rows, rowGroupBytes) => {
      const jsonl = join(dir, `rows-${n}.jsonl`);
      const target = join(dir, `rows-${n++}.parquet`);
      writeFileSync(jsonl, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const result = await writeParquetRows(jsonl, target, { format: 'native', rowGroupBytes });
      expect(result.rows).toBe(rows.length);
      expect(await readParquet(target)).toEqual(rows.map((r) => toParquetRow(r, native)));
      expect(existsSync(`${target}.converting`)).toBe(false);
    }), { numRuns: 25 });
  }, 60_000);

  it.each([
    [1, 10],
    [3, 4],
    [10, 1],
  ])('row groups hold the rows whose JSON reaches rowGroupBytes: %i rows a group → %i groups for 10 rows', async (perGroup, groups) => {
    const rows = Array.from({ length: 10 }, (_, i) => row({ id: `q${i}`, prompt: `${'x'.repeat(1000)} Q` }));
    const jsonl = join(dir, `groups-${perGroup}.jsonl`);
    const lines = rows.map((r) => JSON.stringify(r));
    writeFileSync(jsonl, lines.join('\n') + '\n');
    const lineBytes = Buffer.byteLength(lines[0]!) + 1;
    const result = await writeParquetRows(jsonl, join(dir, `groups-${perGroup}.parquet`), { format: 'native', rowGroupBytes: lineBytes * perGroup });
    expect(result).toMatchObject({ rows: 10, rowGroups: groups });
    const counts = await duck.query('SELECT row_group_num_rows::INT n FROM parquet_metadata($1) GROUP BY row_group_id, row_group_num_rows ORDER BY row_group_id', [join(dir, `groups-${perGroup}.parquet`)]);
    expect(counts.map((c) => c['n'])).toEqual(Array.from({ length: groups }, (_, g) => Math.min(perGroup, 10 - g * perGroup)));
  });

  it('no rows (every question dropped) is a Parquet file of no rows with the whole schema', async () => {
    const jsonl = join(dir, 'none.jsonl');
    writeFileSync(jsonl, '');
    const target = join(dir, 'none.parquet');
    expect(await writeParquetRows(jsonl, target, { format: 'verl' })).toMatchObject({ rows: 0, rowGroups: 0 });
    expect(await readParquet(target)).toEqual([]);
    const columns = await duck.query('SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet($1))', [target]);
    expect(columns.map((c) => c['column_name'])).toEqual(['data_source', 'prompt', 'ability', 'reward_model', 'extra_info']);
  });

  it('a row that does not fit stops the conversion with the line named, and leaves no Parquet file', async () => {
    const jsonl = join(dir, 'bad.jsonl');
    const target = join(dir, 'bad.parquet');
    writeFileSync(jsonl, `${JSON.stringify(row())}\n${JSON.stringify(row({ question: 3 as unknown as string }))}\n`);
    await expect(writeParquetRows(jsonl, target, { format: 'native', rowGroupBytes: 1 })).rejects.toThrow(/bad\.jsonl:2: does not fit the native Parquet schema: question: expected a string, got number/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.converting`)).toBe(false);
  });
});
