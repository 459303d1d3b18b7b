// Training rows as Parquet, for trainers that load files through Arrow (verl's RLHFDataset reads
// `train_files` with HF `datasets`; slime reads Parquet too). Each format has one fixed schema, so
// every column has one type in every row: the unions of our row types (a rubric entry is a name or
// { name, aliases, weight }; an answer is a string, a list or { answer, aliases }) are written in
// their one struct shape, which means the same to the reward (weight 1 and no aliases are the
// defaults). Rows are checked against the schema as they are written; a value that does not fit is
// an error naming the file, line and field, never a column that changes type part-way.
import { open, rename, rm } from 'node:fs/promises';
import { LongtraceError, ValidationError } from '../errors.js';
import { InputError, readJsonl } from '../io/index.js';
import { importOptional } from '../optional-import.js';
import { fromTrainingRow } from './from-training-row.js';
import type { TrainingFormat } from './training-row.js';

/** A column of a Parquet schema: a scalar, a list or a struct; `nullable` columns may be absent (written null). */
export type ParquetColumn =
  | { kind: 'string' | 'int32' | 'int64' | 'double'; nullable?: boolean; prepare?: (value: unknown) => unknown }
  | { kind: 'list'; of: ParquetColumn; nullable?: boolean; prepare?: (value: unknown) => unknown }
  | { kind: 'struct'; fields: Record<string, ParquetColumn>; nullable?: boolean; prepare?: (value: unknown) => unknown };

/** The Parquet shape of a training file: its top-level columns in order. */
export type ParquetRowSchema = Record<string, ParquetColumn>;

/** What decides the schema besides the format. */
export interface ParquetSchemaOptions {
  /** slime rows built with `plain` (a string label, rubrics as names). @default false */
  plain?: boolean | undefined;
}

const str: ParquetColumn = { kind: 'string' };
const strings: ParquetColumn = { kind: 'list', of: str };
const struct = (fields: Record<string, ParquetColumn>, prepare?: (value: unknown) => unknown): ParquetColumn =>
  prepare === undefined ? { kind: 'struct', fields } : { kind: 'struct', fields, prepare };

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A rubric entry in its one shape: `"X"` → `{ name: "X", aliases: [], weight: 1 }` (the reward's defaults). */
function entityStruct(value: unknown): unknown {
  if (typeof value === 'string') return { name: value, aliases: [], weight: 1 };
  if (isObject(value)) return { name: value['name'], aliases: value['aliases'] ?? [], weight: value['weight'] ?? 1 };
  return value;
}

/** An answer in its one shape: `"A"` → `{ answer: "A", aliases: [] }`, `["A", "B"]` → `{ answer: "A", aliases: ["B"] }`. */
function answerStruct(value: unknown): unknown {
  if (typeof value === 'string') return { answer: value, aliases: [] };
  if (Array.isArray(value) && value.length > 0) return { answer: value[0], aliases: value.slice(1) };
  if (isObject(value)) return { answer: value['answer'], aliases: value['aliases'] ?? [] };
  return value;
}

const entity = struct({ name: str, aliases: strings, weight: { kind: 'double' } }, entityStruct);
const answer = struct({ answer: str, aliases: strings }, answerStruct);
const messages: ParquetColumn = { kind: 'list', of: struct({ role: str, content: str }) };
const provenance = struct({
  id: str,
  path: { kind: 'list', of: struct({ subject: str, relation: str, object: str, subjectLabel: str, relationLabel: str, objectLabel: str }) },
  chainSeed: { kind: 'int64', nullable: true },
  docs: struct({ gold: strings, tier1: strings, tier2: strings, pool: strings }),
  order: { kind: 'list', of: str, nullable: true },
  goldPositions: { kind: 'list', of: { kind: 'int32' } },
  tokens: { kind: 'int32' },
  budgetTokens: { kind: 'int32' },
  tokenizer: str,
  seed: { kind: 'int64' },
  tiers: str,
  stop: { kind: 'string', nullable: true },
});

/**
 * The fixed Parquet schema of a training format's rows (see docs/data-build.md, "Parquet").
 * @example parquetRowSchema('verl').prompt // list<struct<role, content>>
 */
export function parquetRowSchema(format: TrainingFormat, options: ParquetSchemaOptions = {}): ParquetRowSchema {
  switch (format) {
    case 'slime':
      return {
        source: str,
        input_messages: messages,
        label: options.plain === true ? str : strings,
        metadata: struct({
          extra_reward_info: struct({ question: str, rubrics: { kind: 'list', of: options.plain === true ? str : entity }, dataset_name: str }),
          provenance,
        }),
      };
    case 'verl':
      return {
        data_source: str,
        prompt: messages,
        ability: str,
        reward_model: struct({ style: str, ground_truth: str }),
        extra_info: struct({
          index: str,
          question: str,
          reward_input: struct({ answer, entities: { kind: 'list', of: entity }, question: str }),
          provenance,
        }),
      };
    case 'openrlhf':
      return { input: str, label: str, provenance };
    case 'native':
      return { id: str, prompt: str, question: str, answer, entities: { kind: 'list', of: entity }, provenance };
  }
}

const INT32_MAX = 2 ** 31 - 1;

/** `value` in the shape of `column`: absent optional fields become null, int64 values bigints; throws a ValidationError naming the field. */
function conform(value: unknown, column: ParquetColumn, path: (string | number)[]): unknown {
  const v = column.prepare === undefined ? value : column.prepare(value);
  if (v === undefined || v === null) {
    if (column.nullable === true) return null;
    throw new ValidationError('INVALID_INPUT', [{ path, code: 'missing', message: 'is missing (the column is required)' }]);
  }
  const fail = (expected: string): never => {
    const got = Array.isArray(v) ? 'an array' : typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v;
    throw new ValidationError('INVALID_INPUT', [{ path, code: 'invalid_type', message: `expected ${expected}, got ${got}` }]);
  };
  switch (column.kind) {
    case 'string':
      return typeof v === 'string' ? v : fail('a string');
    case 'double':
      return typeof v === 'number' && Number.isFinite(v) ? v : fail('a finite number');
    case 'int32':
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT32_MAX ? v : fail('a 32-bit integer');
    case 'int64':
      return typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : fail('a safe integer');
    case 'list':
      return Array.isArray(v) ? v.map((item, i) => conform(item, column.of, [...path, i])) : fail('an array');
    case 'struct': {
      if (!isObject(v)) return fail('an object');
      // Only the schema's fields are written: a key of the row that the schema lacks is left out.
      const out: Fields = {};
      for (const [key, field] of Object.entries(column.fields)) out[key] = conform(v[key], field, [...path, key]);
      return out;
    }
  }
}

/**
 * A row in its Parquet shape (what a Parquet reader gives back, with int64 columns as bigints).
 * @example toParquetRow(row, parquetRowSchema('verl')).extra_info.reward_input.entities[0].weight // 1
 */
export function toParquetRow(row: unknown, schema: ParquetRowSchema): Fields {
  return conform(row, { kind: 'struct', fields: schema }, []) as Fields;
}

/** A Parquet schema element as hyparquet-writer takes it (the flattened Thrift schema). */
export interface ParquetSchemaElement {
  name: string;
  type?: 'BYTE_ARRAY' | 'INT32' | 'INT64' | 'DOUBLE';
  repetition_type?: 'REQUIRED' | 'OPTIONAL' | 'REPEATED';
  converted_type?: 'UTF8' | 'LIST';
  logical_type?: { type: 'STRING' } | { type: 'LIST' };
  num_children?: number;
}

function schemaElements(name: string, column: ParquetColumn, out: ParquetSchemaElement[]): void {
  const repetition_type = column.nullable === true ? 'OPTIONAL' : 'REQUIRED';
  switch (column.kind) {
    case 'string':
      out.push({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type });
      return;
    case 'int32':
    case 'int64':
    case 'double':
      out.push({ name, type: column.kind === 'double' ? 'DOUBLE' : column.kind === 'int32' ? 'INT32' : 'INT64', repetition_type });
      return;
    case 'list':
      // The three-level LIST of the Parquet spec, as Arrow writes it: pyarrow reads list<element: …>.
      out.push({ name, repetition_type, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 });
      out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
      schemaElements('element', column.of, out);
      return;
    case 'struct': {
      const fields = Object.entries(column.fields);
      out.push({ name, repetition_type, num_children: fields.length });
      for (const [key, field] of fields) schemaElements(key, field, out);
    }
  }
}

/** The flattened Parquet schema of a row schema (root first). */
export function parquetSchemaElements(schema: ParquetRowSchema): ParquetSchemaElement[] {
  const out: ParquetSchemaElement[] = [{ name: 'root', num_children: Object.keys(schema).length }];
  for (const [key, column] of Object.entries(schema)) schemaElements(key, column, out);
  return out;
}

/** What hyparquet-writer exports that this module uses. */
interface HyparquetWriter {
  fileWriter(filename: string): unknown;
  ParquetWriter: new (options: { writer: unknown; schema: ParquetSchemaElement[]; kvMetadata?: { key: string; value: string }[]; createdBy?: string }) => {
    write(options: { columnData: { name: string; data: unknown[] }[]; rowGroupSize: number }): void | Promise<void>;
    finish(): void | Promise<void>;
  };
}

/** Options of `writeParquetRows`. */
export interface WriteParquetOptions extends ParquetSchemaOptions {
  format: TrainingFormat;
  /** A row group is written when its rows' JSON reaches this many bytes (or 10,000 rows). @default 32 MiB */
  rowGroupBytes?: number | undefined;
}

/** What `writeParquetRows` wrote. */
export interface ParquetWriteResult {
  rows: number;
  rowGroups: number;
  bytes: number;
}

const ROW_GROUP_ROWS = 10_000;

/**
 * Converts a JSONL file of training rows (one format) into a Parquet file at `target`, streaming in
 * row groups: memory holds one row group. The Parquet file is written beside the target
 * (`TARGET.converting`) and renamed when complete, so a killed conversion leaves no `TARGET`.
 * A row of another format, or a value that does not fit the schema, is an `InputError` naming the
 * JSONL file, the line and the field.
 * @example await writeParquetRows('train.parquet.partial', 'train.parquet', { format: 'verl' });
 */
export async function writeParquetRows(jsonl: string, target: string, options: WriteParquetOptions): Promise<ParquetWriteResult> {
  const hp = await importOptional<HyparquetWriter>('hyparquet-writer', 'writing Parquet; a dependency of longtrace-reward', 'hyparquet-writer@0.17');
  const schema = parquetRowSchema(options.format, options);
  const names = Object.keys(schema);
  const temp = `${target}.converting`;
  const groupBytes = options.rowGroupBytes ?? 32 * 1024 * 1024;
  let rows = 0;
  let rowGroups = 0;
  try {
    const writer = new hp.ParquetWriter({
      writer: hp.fileWriter(temp),
      schema: parquetSchemaElements(schema),
      kvMetadata: [{ key: 'longtrace.format', value: options.format }],
      createdBy: 'longtrace-reward (hyparquet-writer)',
    });
    let batch: Fields[] = [];
    // Bytes of JSON in the batch; `record.bytes` is the offset after the record's line.
    let bytes = 0;
    let offset = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const columnData = names.map((name) => ({ name, data: batch.map((row) => row[name]) }));
      await writer.write({ columnData, rowGroupSize: batch.length });
      rowGroups++;
      batch = [];
      bytes = 0;
    };
    for await (const record of readJsonl(jsonl)) {
      if (record.error !== undefined) throw new InputError('INVALID_INPUT', jsonl, record.line, record.error);
      const format = fromTrainingRow(record.value)?.format;
      if (format !== options.format) {
        throw new InputError('INVALID_INPUT', jsonl, record.line, `expected a ${options.format} row, found ${format === undefined ? 'no training row' : `a ${format} row`}; Parquet holds one format`);
      }
      try {
        batch.push(toParquetRow(record.value, schema));
      } catch (error) {
        if (error instanceof ValidationError) throw new InputError('INVALID_INPUT', jsonl, record.line, `does not fit the ${options.format} Parquet schema: ${error.message}`, { cause: error });
        throw error;
      }
      rows++;
      bytes += record.bytes - offset;
      offset = record.bytes;
      if (bytes >= groupBytes || batch.length >= ROW_GROUP_ROWS) await flush();
    }
    await flush();
    await writer.finish();
    // hyparquet-writer writes synchronously without syncing: sync before the rename makes the file whole on disk.
    const handle = await open(temp, 'r');
    let size: number;
    try {
      await handle.sync();
      size = (await handle.stat()).size;
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    return { rows, rowGroups, bytes: size };
  } catch (error) {
    await rm(temp, { force: true });
    if (LongtraceError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new InputError('INVALID_INPUT', temp, 0, `cannot be written (${code})`, { cause: error });
    throw error;
  }
}

/** What hyparquet exports that this module uses. */
interface Hyparquet {
  asyncBufferFromFile(filename: string): Promise<unknown>;
  parquetMetadataAsync(file: unknown): Promise<{ row_groups: { num_rows: bigint }[] }>;
  parquetReadObjects(options: { file: unknown; metadata: unknown; rowStart: number; rowEnd: number }): Promise<Record<string, unknown>[]>;
}

/** A value read from Parquet as our rows have it: int64 bigints as numbers, null fields left out (absent, as in the JSONL). */
function fromParquetValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromParquetValue);
  if (isObject(value)) {
    const out: Fields = {};
    for (const [key, field] of Object.entries(value)) if (field !== null && field !== undefined) out[key] = fromParquetValue(field);
    return out;
  }
  return value;
}

const PARQUET_MAGIC = 0x31524150; // "PAR1", little-endian

/** True when `path` starts with Parquet's magic bytes (`PAR1`); false for JSONL, gzip, or a file that cannot be read. */
export async function isParquetFile(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0);
      return bytesRead === 4 && buffer.readUInt32LE(0) === PARQUET_MAGIC;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** The number of rows of a Parquet file, from its footer. */
export async function parquetRowCount(path: string): Promise<number> {
  const hp = await importOptional<Hyparquet>('hyparquet', 'reading Parquet; a dependency of longtrace-reward', 'hyparquet@1.31');
  const metadata = await hp.parquetMetadataAsync(await hp.asyncBufferFromFile(path)).catch((error: unknown) => {
    throw new InputError('INVALID_INPUT', path, 0, `is not a Parquet file hyparquet can read (${(error as Error).message})`, { cause: error });
  });
  return metadata.row_groups.reduce((n, group) => n + Number(group.num_rows), 0);
}

/**
 * Reads the rows of a Parquet training file one row group at a time (hyparquet), each as its JSONL
 * row would be after the Parquet normalisation (null fields left out, int64 as numbers), with its
 * 1-based row number as `line`. A file that is not Parquet is an `InputError` naming it.
 * @example for await (const { value } of readParquetRows('train.parquet')) fromTrainingRow(value);
 */
export async function* readParquetRows(path: string): AsyncGenerator<{ line: number; value: unknown }> {
  const hp = await importOptional<Hyparquet>('hyparquet', 'reading Parquet; a dependency of longtrace-reward', 'hyparquet@1.31');
  let file: unknown;
  let metadata: Awaited<ReturnType<Hyparquet['parquetMetadataAsync']>>;
  try {
    file = await hp.asyncBufferFromFile(path);
    metadata = await hp.parquetMetadataAsync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('INVALID_INPUT', path, 0, typeof code === 'string' ? `cannot be read (${code})` : `is not a Parquet file hyparquet can read (${(error as Error).message})`, { cause: error });
  }
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = await hp.parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end }).catch((error: unknown) => {
      throw new InputError('INVALID_INPUT', path, start + 1, `rows ${start + 1}–${end} cannot be read (${(error as Error).message})`, { cause: error });
    });
    for (const [i, row] of rows.entries()) yield { line: start + i + 1, value: fromParquetValue(row) };
    start = end;
  }
}
