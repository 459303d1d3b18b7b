// One data run from one config: walk → questions → trajectories → build, each stage writing its
// output into the run's folder with a stage record beside it (`STAGE.stage.json`: the hashes of its
// inputs and options, whether it completed, its rows). A stage whose output is complete and whose
// inputs and options are unchanged is skipped; one that stopped part-way is resumed; the rest run.
// The stages' work is handed in (`StageRunner`), so the CLI runs its own commands and a stage whose
// engine is missing (the search agent's CLI) is reported unavailable instead of failing the run.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { configure } from 'safe-stable-stringify';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { partialPath, writeFileAtomic } from '../io/index.js';
import { isParquetFile, parquetRowCount } from './parquet-rows.js';

const relativePath = z.string().trim().min(1, 'expected a path');
const endpoint = z.strictObject({
  url: z.string().trim().min(1, 'expected the base URL of an OpenAI-compatible API, e.g. http://localhost:8000/v1'),
  model: z.string().trim().min(1, 'expected a model name'),
  concurrency: z.int().min(1).max(1024).default(8),
});

/** The config of `data run` (PIPELINE.json); relative paths are read from the config file's folder. */
export const PipelineConfigSchema = z.strictObject({
  /** The run's folder: every stage's output and record goes here. */
  out: relativePath,
  graph: z.strictObject({
    triples: relativePath,
    labels: relativePath.optional(),
    relations: relativePath.optional(),
    format: z.enum(['tsv', 'jsonl', 'ntriples']).optional(),
  }),
  walk: z.strictObject({
    count: z.int().min(1).max(1_000_000_000),
    hops: z.union([z.int().min(1).max(32), z.tuple([z.int().min(1).max(32), z.int().min(1).max(32)])]).default([2, 4]),
    seed: z.int().min(0).max(2 ** 31 - 1).default(0),
    maxDegree: z.int().min(1).optional(),
    // The defaults of `data walk`'s flags.
    hubPercentile: z.number().min(0).max(99.999).default(1),
    hopWeights: z.array(z.number().min(0)).min(1).optional(),
    maxAnswerShare: z.number().min(0.0001).max(1).default(0.05),
    maxBridgeShare: z.number().min(0.0001).max(1).default(0.03),
    pilotWalks: z.int().min(0).max(10_000_000).default(8000),
  }),
  questions: z.discriminatedUnion('writer', [
    z.strictObject({ writer: z.literal('template') }),
    z.strictObject({ writer: z.literal('llm'), llm: endpoint, closedBook: z.boolean().default(false), keepRejected: z.boolean().default(false) }),
  ]),
  /** A JSONL corpus `{ id, title, text }`, or `"graph"`: one page per entity written from the graph. */
  corpus: z.union([z.literal('graph'), relativePath]),
  /** The search agent's stage; without it, `build.tiers` must be `bm25`. */
  trajectories: z.strictObject({ agent: endpoint, protocol: z.enum(['tools', 'tags']).default('tools'), maxTurns: z.int().min(1).max(100).default(8) }).optional(),
  build: z.strictObject({
    tiers: z.enum(['bm25', 'trajectories']).default('bm25'),
    budget: z.int().min(1).max(100_000_000),
    tokenizer: z.string().min(1).default('approx'),
    format: z.enum(['slime', 'verl', 'openrlhf', 'native']).default('slime'),
    seed: z.int().min(0).max(2 ** 31 - 1).default(0),
    /** Write the rows as Parquet (`train.FORMAT.parquet`) instead of JSONL. @default false */
    parquet: z.boolean().optional(),
  }),
  /** Limits on the model calls of each stage that makes them; `--resume` continues a stage stopped by one. */
  budgets: z.strictObject({ maxCalls: z.int().min(1).optional(), maxTokens: z.int().min(1).optional() }).default({}),
  /** The reply cache: a directory, or false for none. @default the user's cache directory */
  cache: z.union([relativePath, z.literal(false)]).optional(),
}).superRefine((config, ctx) => {
  if (config.build.tiers === 'trajectories' && config.trajectories === undefined) {
    ctx.addIssue({ code: 'custom', path: ['build', 'tiers'], message: '"trajectories" needs a trajectories stage (trajectories.agent); or use "bm25"' });
  }
  const [min, max] = typeof config.walk.hops === 'number' ? [config.walk.hops, config.walk.hops] : config.walk.hops;
  if (max < min) ctx.addIssue({ code: 'custom', path: ['walk', 'hops'], message: 'expected [min, max] with min ≤ max' });
  else if (config.walk.hopWeights !== undefined && config.walk.hopWeights.length !== max - min + 1) {
    ctx.addIssue({ code: 'custom', path: ['walk', 'hopWeights'], message: `expected ${max - min + 1} weights, one per hop count from ${min} to ${max}` });
  }
});
export type PipelineConfig = z.output<typeof PipelineConfigSchema>;

/** The stages of a data run, in order. */
export const PIPELINE_STAGES = ['walk', 'questions', 'corpus', 'trajectories', 'build'] as const;
export type PipelineStageName = (typeof PIPELINE_STAGES)[number];

/** One stage as planned: where it reads and writes, what it was asked, and what will happen to it. */
export interface PlannedStage {
  name: PipelineStageName;
  /** Files the stage reads (their content is hashed). */
  inputs: string[];
  output: string;
  /** The stage's options as the config gives them (hashed). */
  options: Record<string, unknown>;
  /** run: from the start; resume: continue its partial output; skip: complete and unchanged; unavailable: no engine for it; off: not in this config. */
  action: 'run' | 'resume' | 'skip' | 'unavailable' | 'off';
  /** Why this action, in words. */
  reason: string;
  inputsHash: string;
  optionsHash: string;
}

/** What a stage's record (`STAGE.stage.json` in the run folder) holds. */
export interface StageRecord {
  stage: PipelineStageName;
  status: 'running' | 'complete' | 'interrupted' | 'budget' | 'failed';
  inputsHash: string;
  optionsHash: string;
  rows?: number | undefined;
  seconds?: number | undefined;
  updated: string;
}

/** What a runner is asked: the planned stage, whether to resume, and the whole config (paths resolved). */
export interface StageTask {
  stage: PlannedStage;
  resume: boolean;
  config: PipelineConfig;
  /** Paths of the other stages' outputs. */
  paths: Record<PipelineStageName, string>;
}

/** Does one stage's work; resolves with the exit code (0 complete, 4 budget, 130/143 stopped by a signal, else failed). */
export type StageRunner = (task: StageTask) => Promise<number>;

/** A stage's result in a run. */
export interface StageResult {
  name: PipelineStageName;
  action: PlannedStage['action'];
  status: StageRecord['status'] | 'skipped' | 'unavailable' | 'off';
  code: number;
  rows?: number | undefined;
  seconds: number;
}

/** Events of a run, for a progress display. */
export interface PipelineEvents {
  onStageStart?(stage: PlannedStage): void;
  onStageEnd?(result: StageResult): void;
}

/**
 * Reads and checks a pipeline config file: JSON, then the schema; a `ValidationError` names the
 * field (`walk.count: …`; `issues` lists every problem).
 * Relative paths become absolute, read from the config file's folder (`out` from `outOverride` when given).
 */
export async function loadPipelineConfig(file: string, outOverride?: string): Promise<PipelineConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ValidationError('INVALID_INPUT', [{ path: [], code: 'unreadable', message: `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('INVALID_INPUT', [{ path: [], code: 'invalid_json', message: `${file}: not JSON (${(error as Error).message})` }]);
  }
  const parsed = PipelineConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError('INVALID_OPTIONS', parsed.error.issues.map((issue) => ({
      path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
      code: issue.code,
      message: issue.message,
    })));
  }
  const base = dirname(resolve(file));
  const at = (p: string): string => (isAbsolute(p) ? p : join(base, p));
  const c = parsed.data;
  return {
    ...c,
    out: outOverride !== undefined ? resolve(outOverride) : at(c.out),
    graph: { ...c.graph, triples: at(c.graph.triples), ...(c.graph.labels !== undefined && { labels: at(c.graph.labels) }), ...(c.graph.relations !== undefined && { relations: at(c.graph.relations) }) },
    corpus: c.corpus === 'graph' ? 'graph' : at(c.corpus),
    ...(typeof c.cache === 'string' && { cache: at(c.cache) }),
  };
}

let canonical: ReturnType<typeof configure> | undefined;

/** The sha256 of a canonical JSON of `value` (keys sorted), hex. */
function hashValue(value: unknown): string {
  canonical ??= configure({ deterministic: true, bigint: false });
  return createHash('sha256').update(canonical(value) ?? '').digest('hex');
}

/** The sha256 of the files' contents in order (a missing file hashes as its absence). */
async function hashFiles(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${path.length}:${path}\n`);
    if (!existsSync(path)) {
      hash.update('missing\n');
      continue;
    }
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    hash.update('\n');
  }
  return hash.digest('hex');
}

/** Where each stage writes in the run folder. */
export function stagePaths(config: PipelineConfig): Record<PipelineStageName, string> {
  return {
    walk: join(config.out, 'chains.jsonl'),
    questions: join(config.out, 'questions.jsonl'),
    corpus: config.corpus === 'graph' ? join(config.out, 'corpus.jsonl') : config.corpus,
    trajectories: join(config.out, 'trajectories.jsonl'),
    build: join(config.out, `train.${config.build.format}.${config.build.parquet === true ? 'parquet' : 'jsonl'}`),
  };
}

const recordPath = (config: PipelineConfig, name: PipelineStageName): string => join(config.out, `${name}.stage.json`);

async function readRecord(path: string): Promise<StageRecord | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as StageRecord;
    return typeof value === 'object' && value !== null && typeof value.inputsHash === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The inputs and options of each stage, as hashed. */
function stageSpecs(config: PipelineConfig, paths: Record<PipelineStageName, string>): Record<PipelineStageName, { inputs: string[]; options: Record<string, unknown>; on: boolean }> {
  const graphFiles = [config.graph.triples, config.graph.labels, config.graph.relations].filter((p): p is string => p !== undefined);
  const { questions } = config;
  return {
    walk: { inputs: graphFiles, options: { walk: config.walk, format: config.graph.format ?? null }, on: true },
    questions: {
      inputs: [paths.walk],
      // The budget and the cache decide how far a run gets, not what a row holds: not hashed.
      options: questions.writer === 'template' ? { writer: 'template' } : { writer: 'llm', url: questions.llm.url, model: questions.llm.model, closedBook: questions.closedBook, keepRejected: questions.keepRejected },
      on: true,
    },
    corpus: { inputs: config.corpus === 'graph' ? graphFiles : [config.corpus], options: { corpus: config.corpus === 'graph' ? 'graph' : 'file' }, on: config.corpus === 'graph' },
    trajectories: {
      inputs: [paths.questions, paths.corpus],
      options: config.trajectories === undefined ? {} : { url: config.trajectories.agent.url, model: config.trajectories.agent.model, protocol: config.trajectories.protocol, maxTurns: config.trajectories.maxTurns },
      on: config.trajectories !== undefined,
    },
    build: {
      inputs: [paths.questions, paths.corpus, ...(config.build.tiers === 'trajectories' ? [paths.trajectories] : [])],
      options: { ...config.build },
      on: true,
    },
  };
}

/**
 * Plans a run: for each stage, run, resume, skip or unavailable, and why. Hashes of later stages'
 * inputs are of the files as they are now (a stage that will run changes them; the run re-plans
 * each stage just before it starts).
 */
export async function planPipeline(config: PipelineConfig, runners: Partial<Record<PipelineStageName, StageRunner>>): Promise<PlannedStage[]> {
  const paths = stagePaths(config);
  const specs = stageSpecs(config, paths);
  const planned: PlannedStage[] = [];
  let upstreamChanges = false;
  for (const name of PIPELINE_STAGES) {
    const stage = await planStage(config, name, specs[name], paths[name], runners[name] !== undefined, upstreamChanges);
    if (stage.action === 'run' || stage.action === 'resume') upstreamChanges = true;
    planned.push(stage);
  }
  return planned;
}

async function planStage(
  config: PipelineConfig,
  name: PipelineStageName,
  spec: { inputs: string[]; options: Record<string, unknown>; on: boolean },
  output: string,
  available: boolean,
  upstreamChanges: boolean,
): Promise<PlannedStage> {
  const base = { name, inputs: spec.inputs, output, options: spec.options };
  const optionsHash = hashValue(spec.options);
  if (!spec.on) return { ...base, action: 'off', reason: 'not in this config', inputsHash: '', optionsHash };
  if (!available) return { ...base, action: 'unavailable', reason: `no engine for the ${name} stage in this version`, inputsHash: '', optionsHash };
  const inputsHash = await hashFiles(spec.inputs);
  const record = await readRecord(recordPath(config, name));
  const same = record !== undefined && record.inputsHash === inputsHash && record.optionsHash === optionsHash;
  if (same && record.status === 'complete' && existsSync(output) && !upstreamChanges) {
    return { ...base, action: 'skip', reason: 'complete, inputs and options unchanged', inputsHash, optionsHash };
  }
  // Walks and the graph's corpus are quick and written whole: a stopped one runs again from the start.
  const resumable = name !== 'walk' && name !== 'corpus';
  if (same && resumable && record.status !== 'complete' && existsSync(partialPath(output)) && !upstreamChanges) {
    return { ...base, action: 'resume', reason: `stopped part-way (${record.status}); continuing ${partialPath(output)}`, inputsHash, optionsHash };
  }
  const why = record === undefined ? 'not run yet' : upstreamChanges ? 'an earlier stage runs' : !same ? 'inputs or options changed' : 'its output is missing';
  return { ...base, action: 'run', reason: why, inputsHash, optionsHash };
}

/**
 * Runs the stages in order, each re-planned just before it starts (its inputs are then final);
 * stops at the first stage that does not complete and resolves with every stage's result.
 */
export async function runPipeline(
  config: PipelineConfig,
  runners: Partial<Record<PipelineStageName, StageRunner>>,
  events: PipelineEvents = {},
): Promise<{ code: number; stages: StageResult[] }> {
  const paths = stagePaths(config);
  const specs = stageSpecs(config, paths);
  const results: StageResult[] = [];
  // A stage the build needs and no engine can run stops the run before anything is written.
  for (const name of PIPELINE_STAGES) {
    const needed = specs[name].on && (name !== 'trajectories' || config.build.tiers === 'trajectories');
    if (needed && runners[name] === undefined) {
      const result: StageResult = { name, action: 'unavailable', status: 'unavailable', code: 1, seconds: 0 };
      events.onStageEnd?.(result);
      return { code: 1, stages: [result] };
    }
  }
  let upstreamChanges = false;
  for (const name of PIPELINE_STAGES) {
    const stage = await planStage(config, name, specs[name], paths[name], runners[name] !== undefined, upstreamChanges);
    if (stage.action === 'off' || stage.action === 'unavailable' || stage.action === 'skip') {
      const result: StageResult = { name, action: stage.action, status: stage.action === 'skip' ? 'skipped' : stage.action, code: 0, seconds: 0 };
      events.onStageEnd?.(result);
      results.push(result);
      continue;
    }
    upstreamChanges = true;
    events.onStageStart?.(stage);
    const record = (status: StageRecord['status'], extra: Partial<StageRecord> = {}): Promise<void> =>
      writeFileAtomic(recordPath(config, name), `${JSON.stringify({ stage: name, status, inputsHash: stage.inputsHash, optionsHash: stage.optionsHash, ...extra, updated: new Date().toISOString() } satisfies StageRecord, null, 2)}\n`);
    await record('running');
    const started = performance.now();
    const code = await runners[name]!({ stage, resume: stage.action === 'resume', config, paths });
    const seconds = (performance.now() - started) / 1000;
    const status: StageRecord['status'] = code === 0 ? 'complete' : code === 4 ? 'budget' : code === 130 || code === 143 ? 'interrupted' : 'failed';
    const rows = code === 0 ? ((await isParquetFile(stage.output)) ? await parquetRowCount(stage.output) : await countLines(stage.output)) : undefined;
    await record(status, { rows, seconds: Math.round(seconds * 10) / 10 });
    const result: StageResult = { name, action: stage.action, status, code, rows, seconds };
    events.onStageEnd?.(result);
    results.push(result);
    if (code !== 0) return { code, stages: results };
  }
  return { code: 0, stages: results };
}

/** Lines in a file (0 when it is missing). */
async function countLines(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) n++;
  }
  return n;
}
