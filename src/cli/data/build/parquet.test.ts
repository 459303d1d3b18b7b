// `data build -o ROWS.parquet` (issue 26, item 8): the rows of every format written as Parquet and
// read back with an independent reader (DuckDB, not the writer's own hyparquet), equal to the JSONL
// run's rows in their documented Parquet shape, with one type per column and verl's nested columns
// typed as verl's RLHFDataset reads them.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openParquetReader, type ParquetReader } from '../../../data/duckdb.test-helper.js';
import { isParquetFile, parquetRowSchema, readParquetRows, toParquetRow, type TrainingFormat } from '../../../data/index.js';
import { readJsonl } from '../../../io/index.js';
import { DataReportCollector } from '../../../report/training-rows/index.js';
import { captureStderr } from '../../shared/capture-stderr.test-helper.js';
import { run } from '../../program.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../../fixtures/data-build/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'data-build-parquet-'));
const corpus = fixture('corpus-wiki.jsonl');

// The bundled questions, the first ten of them with the union shapes of answers and rubrics that
// the Parquet schema normalises: { answer, aliases }, [answer, ...aliases], { name, aliases, weight }.
const source = readFileSync(fixture('corpus-questions.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; answer: string; entities: string[] });
const questions = join(dir, 'questions.jsonl');
writeFileSync(questions, source.map((q, i) => JSON.stringify(
  i % 3 === 0 && i < 10 ? { ...q, answer: { answer: q.answer, aliases: [`${q.answer} (alias)`] }, entities: q.entities.map((e, j) => (j === 0 ? { name: e, aliases: [`${e}!`], weight: 2 } : e)) }
    : i % 3 === 1 && i < 10 ? { ...q, answer: [q.answer, `${q.answer} too`], entities: q.entities.map((e) => ({ name: e })) }
      : q,
)).join('\n') + '\n');

const stderr = captureStderr();
const build = (out: string, ...extra: string[]): Promise<number> =>
  run(['node', 'longtrace-reward', 'data', 'build', '--questions', questions, '--corpus', corpus, '--bm25', '--budget', '3000', '--seed', '3', '-o', out, '--summary', 'none', '--no-progress', ...extra]);
const jsonlRows = (path: string): unknown[] => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);

let duck: ParquetReader;
beforeAll(async () => {
  duck = await openParquetReader();
});
afterAll(() => duck.close());
const readParquet = (path: string): Promise<Record<string, unknown>[]> => duck.rows(path);
const columnTypes = (path: string): Promise<Record<string, string>> => duck.columnTypes(path);

const ENTITY = 'STRUCT("name" VARCHAR, aliases VARCHAR[], weight DOUBLE)';
const PROVENANCE = 'STRUCT(id VARCHAR, path STRUCT(subject VARCHAR, relation VARCHAR, "object" VARCHAR, subjectLabel VARCHAR, relationLabel VARCHAR, objectLabel VARCHAR)[], chainSeed BIGINT, docs STRUCT(gold VARCHAR[], tier1 VARCHAR[], tier2 VARCHAR[], pool VARCHAR[]), "order" VARCHAR[], goldPositions INTEGER[], tokens INTEGER, budgetTokens INTEGER, tokenizer VARCHAR, seed BIGINT, tiers VARCHAR, stop VARCHAR)';
const MESSAGES = 'STRUCT("role" VARCHAR, "content" VARCHAR)[]';

// The column types DuckDB reads: verl's are what RLHFDataset expects (prompt a list of {role, content}, reward_model and extra_info structs).
const TYPES: [string, TrainingFormat, string[], Record<string, string>][] = [
  ['verl', 'verl', [], {
    data_source: 'VARCHAR', prompt: MESSAGES, ability: 'VARCHAR', reward_model: 'STRUCT(style VARCHAR, ground_truth VARCHAR)',
    extra_info: `STRUCT("index" VARCHAR, question VARCHAR, reward_input STRUCT(answer STRUCT(answer VARCHAR, aliases VARCHAR[]), entities ${ENTITY}[], question VARCHAR), provenance ${PROVENANCE})`,
  }],
  ['slime', 'slime', [], { source: 'VARCHAR', input_messages: MESSAGES, label: 'VARCHAR[]', metadata: `STRUCT(extra_reward_info STRUCT(question VARCHAR, rubrics ${ENTITY}[], dataset_name VARCHAR), provenance ${PROVENANCE})` }],
  ['slime --plain', 'slime', ['--plain'], { source: 'VARCHAR', input_messages: MESSAGES, label: 'VARCHAR', metadata: `STRUCT(extra_reward_info STRUCT(question VARCHAR, rubrics VARCHAR[], dataset_name VARCHAR), provenance ${PROVENANCE})` }],
  ['openrlhf', 'openrlhf', [], { input: 'VARCHAR', label: 'VARCHAR', provenance: PROVENANCE }],
  ['native', 'native', [], { id: 'VARCHAR', prompt: 'VARCHAR', question: 'VARCHAR', answer: 'STRUCT(answer VARCHAR, aliases VARCHAR[])', entities: `${ENTITY}[]`, provenance: PROVENANCE }],
];

describe('data build -o ROWS.parquet', () => {
  it.each(TYPES)('%s: the JSONL run\'s rows in their Parquet shape, read back by DuckDB, with fixed column types', async (name, format, extra, types) => {
    const stem = join(dir, name.replace(/\W+/g, '-'));
    expect(await build(`${stem}.jsonl`, '--format', format, ...extra)).toBe(0);
    expect(await build(`${stem}.parquet`, '--format', format, ...extra)).toBe(0);
    const expected = jsonlRows(`${stem}.jsonl`);
    expect(expected.length).toBeGreaterThan(40);
    const schema = parquetRowSchema(format, { plain: extra.includes('--plain') });
    expect(await readParquet(`${stem}.parquet`)).toEqual(expected.map((row) => toParquetRow(row, schema)));
    // One type per column, the same in every row (a Parquet column has one), and the expected one.
    expect(await columnTypes(`${stem}.parquet`)).toEqual(types);
    // Nothing left beside it but the manifest, which names the Parquet file's run.
    expect(existsSync(`${stem}.parquet.partial`)).toBe(false);
    expect(existsSync(`${stem}.parquet.converting`)).toBe(false);
    expect(JSON.parse(readFileSync(`${stem}.parquet.manifest.json`, 'utf8'))).toMatchObject({ status: 'complete', format, counts: { kept: expected.length } });
  }, 60_000);

  it('normalises the unions as documented: a string rubric entry is { name, aliases: [], weight: 1 }, an answer list is { answer, aliases }', async () => {
    const out = join(dir, 'unions.parquet');
    expect(await build(out, '--format', 'native')).toBe(0);
    const [first, second, third] = (await duck.query('SELECT answer, entities FROM read_parquet($1) LIMIT 3', [out])) as { answer: unknown; entities: unknown[] }[];
    const q = source.slice(0, 3);
    expect(first).toEqual({ answer: { answer: q[0]!.answer, aliases: [`${q[0]!.answer} (alias)`] }, entities: q[0]!.entities.map((e, j) => (j === 0 ? { name: e, aliases: [`${e}!`], weight: 2 } : { name: e, aliases: [], weight: 1 })) });
    expect(second).toEqual({ answer: { answer: q[1]!.answer, aliases: [`${q[1]!.answer} too`] }, entities: q[1]!.entities.map((e) => ({ name: e, aliases: [], weight: 1 })) });
    expect(third).toEqual({ answer: { answer: q[2]!.answer, aliases: [] }, entities: q[2]!.entities.map((e) => ({ name: e, aliases: [], weight: 1 })) });
  }, 60_000);

  it('a run that does not complete leaves no ROWS.parquet: the rows stay in the JSONL partial file, and --resume converts them', async () => {
    const out = join(dir, 'resume.parquet');
    // A partial file of slime rows where verl rows are asked for: the conversion refuses it, naming the line.
    expect(await build(join(dir, 'slime-rows.jsonl'), '--format', 'slime')).toBe(0);
    writeFileSync(`${out}.partial`, readFileSync(join(dir, 'slime-rows.jsonl')));
    expect(await build(out, '--format', 'verl', '--resume')).toBe(1);
    expect(stderr.text).toMatch(/resume\.parquet\.partial:1: expected a verl row, found a slime row; Parquet holds one format/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.converting`)).toBe(false);
    // Ten verl rows from an earlier run that stopped: --resume builds the rest and converts them all.
    expect(await build(join(dir, 'verl-rows.jsonl'), '--format', 'verl')).toBe(0);
    const all = jsonlRows(join(dir, 'verl-rows.jsonl'));
    writeFileSync(`${out}.partial`, `${all.slice(0, 10).map((r) => JSON.stringify(r)).join('\n')}\n{"torn`);
    stderr.clear();
    expect(await build(out, '--format', 'verl', '--resume')).toBe(0);
    expect(stderr.text).toMatch(/resume: 10 rows found done/);
    expect(await readParquet(out)).toEqual(all.map((row) => toParquetRow(row, parquetRowSchema('verl'))));
    expect(existsSync(`${out}.partial`)).toBe(false);
  }, 60_000);

  it.each(TYPES)('%s: data report reads the Parquet rows as it reads the JSONL ones', async (name) => {
    const stem = join(dir, name.replace(/\W+/g, '-'));
    const collect = async (rows: AsyncIterable<{ line: number; value?: unknown }>): Promise<unknown> => {
      const collector = new DataReportCollector({ title: name, created: new Date(0) });
      for await (const { line, value } of rows) expect(collector.add(value, line)).toEqual({ ok: true });
      return collector.data();
    };
    expect(await isParquetFile(`${stem}.parquet`)).toBe(true);
    expect(await isParquetFile(`${stem}.jsonl`)).toBe(false);
    expect(await collect(readParquetRows(`${stem}.parquet`))).toEqual(await collect(readJsonl(`${stem}.jsonl`)));
  });

  it.each([
    ['a directory', (path: string) => mkdirSync(path), /option --output: .*dir\.parquet: is a directory; name a file to write/],
    ['a device (a link to /dev/null)', (path: string) => symlinkSync('/dev/null', path), /option --output: .*null\.parquet: is not a regular file \(a device or a FIFO\)/],
  ])('-o naming %s exits 2 with a clear error', async (what, make, message) => {
    const out = join(dir, what.startsWith('a dir') ? 'dir.parquet' : 'null.parquet');
    make(out);
    expect(await build(out, '--format', 'verl')).toBe(2);
    expect(stderr.text).toMatch(message);
  });
});
