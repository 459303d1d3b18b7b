/**
 * Typed loaders for the four verifier evaluation sets in the shared data folder
 * (see shared/data/SOURCES.md). The filters below reproduce the pair counts quoted
 * in the issue tracker: EVOUNA-NQ 15,098, EVOUNA-TQ 9,690, EfficientQA 4,902, R1-Searcher 625.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EvalPair {
  /** Unique within its set. */
  id: string;
  question: string;
  /** What the verifier under test receives (for R1-Searcher: the full reasoning trace). */
  response: string;
  /** Gold aliases. */
  gold: string[];
  /** Human / LLM-judge label: is the response correct? */
  label: boolean;
  /** What the SQuAD-EM and substring-EM baselines receive (for R1-Searcher: the extracted `pred_ans`). */
  baselinePrediction: string;
}

export interface EvalSet {
  name: string;
  description: string;
  pairs: EvalPair[];
}

/** Data that is missing or not in the expected shape. The CLI exits with code 2 on this. */
export class DataError extends Error {
  override name = 'DataError';
}

export const DATA_ENV_VAR = 'LONGTRACE_DATA';

// ---------------------------------------------------------------------------
// Locating the data folder

/** The nearest folder at or above `start` that contains package.json. */
export function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new DataError(`no package.json found at or above ${start}`);
    dir = parent;
  }
}

/** `../shared/data` relative to the repo root. */
export function defaultDataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(findRepoRoot(here), '..', 'shared', 'data');
}

/** `--data DIR` wins over $LONGTRACE_DATA, which wins over the default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[DATA_ENV_VAR];
  if (flag !== undefined && flag !== '') return resolve(flag);
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return defaultDataDir();
}

function assertDataDir(dataDir: string): void {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new DataError(
      `data folder not found: ${dataDir}\n` +
        `  pass --data DIR or set ${DATA_ENV_VAR}=DIR (the folder that holds evouna/, nq-open/, r1-searcher/)`,
    );
  }
}

// ---------------------------------------------------------------------------
// Reading and checking raw rows

type JsonRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new DataError(`cannot read ${path}: ${describeError(error)}`);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataError(`invalid JSON in ${where}: ${describeError(error)}`);
  }
}

function readJsonArray(path: string): JsonRecord[] {
  const parsed = parseJson(readText(path), path);
  if (!Array.isArray(parsed)) throw new DataError(`${path}: expected a JSON array`);
  return parsed.map((row: unknown, index) => asRecord(row, `${path}[${index}]`));
}

function readJsonLines(path: string): JsonRecord[] {
  const lines = readText(path).split('\n');
  const rows: JsonRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path}:${index + 1}`;
    rows.push(asRecord(parseJson(line, where), where));
  });
  return rows;
}

function asRecord(value: unknown, where: string): JsonRecord {
  if (!isRecord(value)) throw new DataError(`${where}: expected an object`);
  return value;
}

function stringField(row: JsonRecord, key: string, where: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw new DataError(`${where}: "${key}" should be a string`);
  return value;
}

function nullableStringField(row: JsonRecord, key: string, where: string): string | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new DataError(`${where}: "${key}" should be a string or null`);
  return value;
}

function booleanField(row: JsonRecord, key: string, where: string): boolean {
  const value = row[key];
  if (typeof value !== 'boolean') throw new DataError(`${where}: "${key}" should be a boolean`);
  return value;
}

function stringArrayField(row: JsonRecord, key: string, where: string): string[] {
  const value = row[key];
  if (Array.isArray(value) && value.every((item: unknown): item is string => typeof item === 'string')) {
    return value;
  }
  throw new DataError(`${where}: "${key}" should be an array of strings`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------
// EVOUNA (QA-Eval): NQ and TQ, five systems per question, human labels

const EVOUNA_SYSTEMS = ['fid', 'gpt35', 'chatgpt', 'gpt4', 'newbing'] as const;

/** EVOUNA joins aliases with "/" (an alias containing "/" is split wrongly; kept as is). Empty pieces are dropped. */
function splitEvounaGold(golden: string): string[] {
  return golden
    .split('/')
    .map((alias) => alias.trim())
    .filter((alias) => alias.length > 0);
}

/**
 * One pair per (question, system), keeping only
 *  - questions with improper === false and a non-null golden_answer,
 *  - systems whose judge is a real boolean (drops null judges in NQ and the "nan" strings in TQ),
 *  - systems whose answer is a string (drops NQ's one judged-but-null answer_fid).
 */
function loadEvouna(path: string, prefix: string): EvalPair[] {
  const pairs: EvalPair[] = [];
  readJsonArray(path).forEach((row, rowIndex) => {
    const where = `${path}[${rowIndex}]`;
    if (booleanField(row, 'improper', where)) return;
    const golden = nullableStringField(row, 'golden_answer', where);
    if (golden === null) return;
    const question = stringField(row, 'question', where);
    const gold = splitEvounaGold(golden);
    for (const system of EVOUNA_SYSTEMS) {
      const judge = row[`judge_${system}`];
      const answer = nullableStringField(row, `answer_${system}`, where);
      if (typeof judge !== 'boolean' || answer === null) continue;
      pairs.push({
        id: `${prefix}-${rowIndex}-${system}`,
        question,
        response: answer,
        gold,
        label: judge,
        baselinePrediction: answer,
      });
    }
  });
  return pairs;
}

// ---------------------------------------------------------------------------
// EfficientQA (NQ-open test 1.1): human-rated predictions

/**
 * def_correct_predictions give label-true pairs, def_incorrect_predictions label-false pairs.
 * poss_correct_predictions (the "don't care" band) and answer_and_def_correct_predictions
 * (= answer ∪ def_correct, i.e. the gold itself) are left out.
 */
function loadEfficientQA(path: string): EvalPair[] {
  const pairs: EvalPair[] = [];
  readJsonLines(path).forEach((row, rowIndex) => {
    const where = `${path} row ${rowIndex}`;
    const question = stringField(row, 'question', where);
    const gold = stringArrayField(row, 'answer', where);
    const rated: ReadonlyArray<readonly [string, boolean, string]> = [
      ['def_correct_predictions', true, 'c'],
      ['def_incorrect_predictions', false, 'i'],
    ];
    for (const [key, label, tag] of rated) {
      stringArrayField(row, key, where).forEach((prediction, k) => {
        pairs.push({
          id: `eqa-${rowIndex}-${tag}${k}`,
          question,
          response: prediction,
          gold,
          label,
          baselinePrediction: prediction,
        });
      });
    }
  });
  return pairs;
}

// ---------------------------------------------------------------------------
// R1-Searcher: long multi-hop traces, GPT-4o judge

const ANSWER_TAG = /<answer>([\s\S]*?)<\/answer>/g;

/**
 * The last <answer>…</answer> span of a trace (every trace in the data has exactly one).
 * It equals pred_ans in 624 of 625 rows; the exception (bamboogle-102: pred_ans "July 27, 1953",
 * trace "27 July 1953") is why the quoted 0.950 is reproduced from the trace and not from pred_ans.
 */
function traceAnswer(trace: string): string | undefined {
  const spans = [...trace.matchAll(ANSWER_TAG)];
  return spans.at(-1)?.[1]?.trim();
}

/** Every row; the verifier sees the full trace, the baselines see the trace's <answer> span. */
function loadR1Searcher(path: string, prefix: string): EvalPair[] {
  return readJsonLines(path).map((row, rowIndex) => {
    const where = `${path} row ${rowIndex}`;
    const judge = stringField(row, 'gpt4o_output', where);
    if (judge !== 'True' && judge !== 'False') {
      throw new DataError(`${where}: "gpt4o_output" should be "True" or "False", got ${JSON.stringify(judge)}`);
    }
    const trace = stringField(row, 'gen_text_store', where);
    return {
      id: `${prefix}-${rowIndex}`,
      question: stringField(row, 'question', where),
      response: trace,
      gold: [stringField(row, 'answer', where)],
      label: judge === 'True',
      // Fallback only for traces without an <answer> tag (none in the current data).
      baselinePrediction: traceAnswer(trace) ?? stringField(row, 'pred_ans', where).trim(),
    };
  });
}

// ---------------------------------------------------------------------------

interface SetSpec {
  name: string;
  description: string;
  load: (dataDir: string) => EvalPair[];
}

const SET_SPECS: readonly SetSpec[] = [
  {
    name: 'EVOUNA-NQ',
    description:
      'evouna/NQ.json, human labels; improper=false, boolean judge, non-null answer; gold = golden_answer split on "/"',
    load: (dataDir) => loadEvouna(join(dataDir, 'evouna', 'NQ.json'), 'nq'),
  },
  {
    name: 'EVOUNA-TQ',
    description:
      'evouna/TQ.json, human labels; improper=false, boolean judge, non-null answer; gold = golden_answer split on "/"',
    load: (dataDir) => loadEvouna(join(dataDir, 'evouna', 'TQ.json'), 'tq'),
  },
  {
    name: 'EfficientQA',
    description:
      'nq-open/NQ-open.efficientqa.test.1.1.jsonl, human ratings; def_correct (true) + def_incorrect (false); gold = answer[]',
    load: (dataDir) => loadEfficientQA(join(dataDir, 'nq-open', 'NQ-open.efficientqa.test.1.1.jsonl')),
  },
  {
    name: 'R1-Searcher',
    description:
      'r1-searcher/eval_results/{2wiki,bamboogle}_qwen.jsonl, GPT-4o judge; verifier gets the full gen_text_store, ' +
      'baselines get its <answer>…</answer> span',
    load: (dataDir) => [
      ...loadR1Searcher(join(dataDir, 'r1-searcher', 'eval_results', '2wiki_qwen.jsonl'), '2wiki'),
      ...loadR1Searcher(join(dataDir, 'r1-searcher', 'eval_results', 'bamboogle_qwen.jsonl'), 'bamboogle'),
    ],
  },
];

export const EVAL_SET_NAMES: readonly string[] = SET_SPECS.map((spec) => spec.name);

/**
 * Loads the evaluation sets (all of them, or only `names`, which must come from EVAL_SET_NAMES).
 * Throws DataError when the folder or a file is missing or malformed.
 */
export function loadEvalSets(dataDir: string, names: readonly string[] = EVAL_SET_NAMES): EvalSet[] {
  assertDataDir(dataDir);
  return SET_SPECS.filter((spec) => names.includes(spec.name)).map((spec) => ({
    name: spec.name,
    description: spec.description,
    pairs: spec.load(dataDir),
  }));
}
