// `longtrace-reward data run PIPELINE.json`: the library plans and orders the stages (src/data/
// pipeline.ts); this file hands it one runner per stage, each the stage's own command run with the
// config's options, so a stage behaves exactly as the command does alone (partial files, --resume,
// the reply cache, budgets, Ctrl-C). The search agent's stage is `data trajectories`; the build
// also writes the data report of its rows into the run's folder.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  corpusFromGraph, loadGraph, loadPipelineConfig, planPipeline, runPipeline,
  type PipelineConfig, type PipelineStageName, type PlannedStage, type StageResult, type StageRunner,
} from '../../../data/index.js';
import { formatPath, LongtraceError, ValidationError } from '../../../errors.js';
import { openOutputFile } from '../../../io/index.js';
import { colorsFor } from '../../shared/colors.js';
import { failInput } from '../../shared/output.js';
import type { DataRunOptions } from './options.js';

/** The runners of the stages this version has. */
function runners(options: DataRunOptions): Partial<Record<PipelineStageName, StageRunner>> {
  const progress = options.progress;
  return {
    async walk({ config, paths }) {
      const { runDataWalk } = await import('../walk/run.js');
      const hops = typeof config.walk.hops === 'number' ? ([config.walk.hops, config.walk.hops] as [number, number]) : config.walk.hops;
      return runDataWalk({
        graph: config.graph.triples, labels: config.graph.labels, relations: config.graph.relations, format: config.graph.format,
        hops, count: config.walk.count, seed: config.walk.seed, maxDegree: config.walk.maxDegree, hubPercentile: config.walk.hubPercentile,
        hopWeights: config.walk.hopWeights, maxAnswerShare: config.walk.maxAnswerShare, maxBridgeShare: config.walk.maxBridgeShare,
        pilotWalks: config.walk.pilotWalks, unique: true, onInvalid: 'throw', output: paths.walk, summary: 'none', progress,
      });
    },
    async questions({ config, paths, resume }) {
      const { runDataQuestions } = await import('../questions/run.js');
      const q = config.questions;
      return runDataQuestions(paths.walk, {
        ...(q.writer === 'template'
          ? { template: true, concurrency: 8 }
          : { llmUrl: q.llm.url, llmModel: q.llm.model, concurrency: q.llm.concurrency, closedBook: q.closedBook, keepRejected: q.keepRejected }),
        output: paths.questions, resume, cache: config.cache, maxCalls: config.budgets.maxCalls, maxTokens: config.budgets.maxTokens,
        summary: 'none', progress,
      });
    },
    async corpus({ config, paths }) {
      // One page per entity, written from the graph (as data demo does); small, so written whole.
      try {
        const graph = await loadGraph(config.graph.triples, { labels: config.graph.labels, relations: config.graph.relations, format: config.graph.format });
        const out = await openOutputFile(paths.corpus);
        await out.write(corpusFromGraph(graph).map((d) => JSON.stringify(d)));
        await out.commit();
        return 0;
      } catch (error) {
        if (LongtraceError.isInstance(error)) return failInput(error.message);
        throw error;
      }
    },
    async trajectories({ config, paths }) {
      // The search agent over the run's corpus; every model call goes through the reply cache, so a
      // stopped stage run again pays only for what was in flight.
      const t = config.trajectories;
      if (t === undefined) return 0;
      const { runDataTrajectories } = await import('../trajectories/run.js');
      return runDataTrajectories({
        questions: paths.questions, corpus: paths.corpus, llmUrl: t.agent.url, llmModel: t.agent.model, protocol: t.protocol, dialect: 'search-r1',
        concurrency: t.agent.concurrency, maxTurns: t.maxTurns, cache: config.cache, output: paths.trajectories, summary: 'none', progress,
      });
    },
    async build({ config, paths, resume }) {
      const { runDataBuild } = await import('../build/run.js');
      const b = config.build;
      return runDataBuild({
        questions: paths.questions, corpus: paths.corpus, ...(b.tiers === 'bm25' ? { bm25: true } : { trajectories: paths.trajectories }),
        budget: b.budget, tokenizer: b.tokenizer, format: b.format, seed: b.seed, goldPlacement: 'uniform',
        output: paths.build, resume, summary: 'none', progress,
        // The data report of the rows, beside them in the run's folder.
        report: join(config.out, 'data-report.html'),
      });
    },
  };
}

const ACTION_WORDS: Record<PlannedStage['action'], string> = { run: 'run', resume: 'resume', skip: 'skip', unavailable: 'unavailable', off: 'off' };

/** Runs `data run`; resolves with the exit code. */
export async function runDataRun(pipeline: string, options: DataRunOptions): Promise<number> {
  const stderr = process.stderr;
  const c = colorsFor(stderr);
  let config: PipelineConfig;
  try {
    config = await loadPipelineConfig(pipeline, options.out);
  } catch (error) {
    if (error instanceof ValidationError && error.code === 'INVALID_OPTIONS') {
      return failInput(`${pipeline}: ${error.issues.map((i) => `${formatPath(i.path) || 'config'}: ${i.message}`).join('; ')}`);
    }
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  const stages = runners(options);
  if (options.dryRun === true) {
    const plan = await planPipeline(config, stages);
    if (options.summary === 'json') stderr.write(`${JSON.stringify({ out: config.out, plan: plan.map(({ name, action, reason, output }) => ({ name, action, reason, output })) })}\n`);
    else {
      const lines = [c.bold(`data run ${pipeline} (dry run): the plan`), `  run folder   ${config.out}`];
      for (const s of plan) lines.push(`  ${s.name.padEnd(13)}${ACTION_WORDS[s.action].padEnd(12)}${c.dim(s.reason)}${s.action === 'off' ? '' : c.dim(` → ${s.output}`)}`);
      stderr.write(`${lines.join('\n')}\n`);
    }
    return 0;
  }
  await mkdir(config.out, { recursive: true });
  const started = performance.now();
  const total = 5;
  let n = 0;
  const { code, stages: results } = await runPipeline(config, stages, {
    onStageStart(stage) {
      if (options.summary !== 'none') stderr.write(`${c.bold(`[${++n}/${total}] ${stage.name}`)}: ${stage.action === 'resume' ? c.yellow('resume') : 'run'} ${c.dim(`(${stage.reason})`)}\n`);
    },
    onStageEnd(result) {
      if (result.action !== 'run' && result.action !== 'resume') {
        n++;
        if (options.summary !== 'none') stderr.write(`${c.bold(`[${n}/${total}] ${result.name}`)}: ${result.status}${result.code !== 0 ? c.red(' (the build needs it: add a trajectories stage engine or use build.tiers "bm25")') : ''}\n`);
      }
    },
  });
  printRunSummary(options.summary, pipeline, config, results, code, (performance.now() - started) / 1000);
  return code;
}

function printRunSummary(format: DataRunOptions['summary'], pipeline: string, config: PipelineConfig, results: StageResult[], code: number, seconds: number): void {
  if (format === 'none') return;
  const stderr = process.stderr;
  if (format === 'json') {
    stderr.write(`${JSON.stringify({ out: config.out, code, seconds: Math.round(seconds * 10) / 10, stages: results })}\n`);
    return;
  }
  const c = colorsFor(stderr);
  const fmt = new Intl.NumberFormat('en-US');
  const lines = [c.bold(`data run ${pipeline}`), `  run folder   ${config.out}`];
  for (const r of results) {
    const status = r.status === 'complete' ? c.green(r.status) : r.status === 'skipped' || r.status === 'off' ? c.dim(r.status) : c.yellow(r.status);
    const rows = r.rows === undefined ? '' : `${fmt.format(r.rows)} rows`;
    lines.push(`  ${r.name.padEnd(13)}${status.padEnd(12)} ${rows.padEnd(14)} ${r.seconds > 0 ? `${r.seconds.toFixed(1)} s` : ''}`);
  }
  lines.push(`  ${'time'.padEnd(13)}${seconds.toFixed(1)} s`);
  if (code !== 0) lines.push(c.yellow('  stopped: run the same command again to continue (complete stages are skipped, a stopped one resumes)'));
  stderr.write(`${lines.join('\n')}\n`);
}
