/**
 * rubricReward on a 130 KB thinking trace, beside LongTraceRL's released keyword rubric
 * (bench/reference_rubric.py, one python3 process for the whole run) timed on the same texts in
 * the same run. Also times the matcher alone, its compilation and verifyAnswer, and (in a child
 * process with gc exposed, memory.bench.ts) memory.
 *
 *   npm run bench                                    # builds dist/, then runs this file
 *   npm run bench -- --json .tmp/bench.json          # also write every figure as JSON
 *   npx tsx bench/rubric.bench.ts [--blocks 5] [--rounds 200] [--min-time 1] [--no-memory] [--json FILE] [--check]
 *
 * The run is split into blocks; in each block every scenario gets its Python rounds and then
 * its JS rounds, so both sides see the same drift of a busy machine. Medians pool all blocks.
 * The target is a median at least 5× below the reference's (issue 14; `--target` changes it).
 * `--check` exits with 1 when some scenario misses it; by default the exit code is 0 (the numbers
 * are the output). Each line also gives the ratio of the 10th percentiles, which a loaded machine
 * disturbs less than the medians.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure } from 'mitata';
import { formatMemory, type MemoryReport } from './memory.bench.js';
import { allScenarios, loadLibrary, referenceEntities } from './scenarios.js';

const here = dirname(fileURLToPath(import.meta.url));

const { values: argv } = parseArgs({
  options: {
    blocks: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '200' },
    'min-time': { type: 'string', default: '1' },
    'no-memory': { type: 'boolean', default: false },
    json: { type: 'string' },
    check: { type: 'boolean', default: false },
    target: { type: 'string', default: '5' },
  },
});
const TARGET_RATIO = Number(argv.target);
const BLOCKS = Math.max(1, Number(argv.blocks));
/** Python rounds per scenario over the whole run. */
const ROUNDS = Number(argv.rounds);
/** mitata's minimum CPU time per JS function over the whole run, in ns. */
const MIN_TIME_NS = Number(argv['min-time']) * 1e9;

interface Timing {
  /** Median, 10th percentile, first and third quartile of the rounds, in milliseconds. */
  median: number;
  p10: number;
  p25: number;
  p75: number;
  rounds: number;
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p10: at(0.1), p25: at(0.25), p75: at(0.75), rounds: sorted.length };
}

/** Rounds of `fn` by mitata (one call per round when a call takes more than 65 µs), in ms. */
async function rounds(fn: () => unknown, minTimeNs: number): Promise<number[]> {
  const stats = await measure(fn, { min_cpu_time: minTimeNs, min_samples: 10 });
  return stats.samples.map((ns) => ns / 1e6);
}

/** The Python reference as one long-lived process answering JSON lines. */
class Reference {
  private readonly child = spawn('python3', [resolve(here, 'reference_rubric.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  private readonly lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();

  async ask<T>(request: unknown): Promise<T> {
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    const next = await this.lines.next();
    if (next.done === true) throw new Error('python3 bench/reference_rubric.py stopped (is python3 on the PATH?)');
    return JSON.parse(next.value) as T;
  }

  close(): void {
    this.child.stdin.end();
  }
}

interface ReferenceInfo {
  python: string;
  scenarios: { id: string; chars: number; recall: number; hits: boolean[] }[];
}

/** memory.bench.ts in a child with gc exposed and a young generation that one call does not fill. */
function runMemory(): MemoryReport | string {
  const flags = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', '--import', 'tsx'];
  const child = spawnSync(process.execPath, [...flags, resolve(here, 'memory.bench.ts'), '--json'], {
    cwd: resolve(here, '..'),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) return `memory bench failed: ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as MemoryReport;
}

/** The commit the build came from, and whether src/ had local changes (empty when git is absent). */
function revision(): string {
  const git = (...args: string[]): string => spawnSync('git', args, { cwd: resolve(here, '..'), encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD');
  if (head === '') return 'unknown revision';
  const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter((l) => l !== '').length;
  return dirty > 0 ? `${head} + ${dirty} changed file(s) in src/` : head;
}

const ms = (n: number): string => `${n.toFixed(3)} ms`;
const us = (n: number): string => `${(n * 1000).toFixed(1)} µs`;
const times = (n: number): string => `${n.toFixed(2)}×`;

const lib = await loadLibrary();
const scenarios = allScenarios();
const rev = revision();
const cpu = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`;

console.log(`node ${process.version}, ${cpu}, checkout ${rev} (dist/ is whatever was last built from it)`);
for (const s of scenarios) console.log(`  ${s.id.padEnd(10)} ${s.title} — ${s.source}`);

const reference = new Reference();
const info = await reference.ask<ReferenceInfo>({
  scenarios: scenarios.map((s) => ({ id: s.id, response: s.response, entities: referenceEntities(s.entities) })),
});
console.log(`reference: python ${info.python}, bench/reference_rubric.py`);

interface Pools {
  reference: number[];
  normalize: number[];
  reward: number[];
  match: number[];
}
const pools = new Map<string, Pools>(scenarios.map((s) => [s.id, { reference: [], normalize: [], reward: [], match: [] }]));
const calls = scenarios.map((s) => {
  const input = { response: s.response, answer: s.answer, entities: s.entities };
  const matcher = lib.createEntityMatcher(s.entities);
  const reward = (): unknown => lib.rubricReward(input);
  const match = (): unknown => matcher.match(s.response);
  // Warm the JIT and rubricReward's matcher cache, as the first rollouts of a group would.
  for (let i = 0; i < 10; i++) {
    reward();
    match();
  }
  return { s, reward, match };
});

for (let block = 1; block <= BLOCKS; block++) {
  process.stdout.write(`block ${block}/${BLOCKS}…\r`);
  for (const { s, reward, match } of calls) {
    const pool = pools.get(s.id)!;
    const ref = await reference.ask<{ samples_ms: number[]; normalize_ms: number[] }>({
      time: s.id,
      rounds: Math.ceil(ROUNDS / BLOCKS),
      warmup: 3,
    });
    pool.reference.push(...ref.samples_ms);
    pool.normalize.push(...ref.normalize_ms);
    pool.reward.push(...(await rounds(reward, MIN_TIME_NS / BLOCKS)));
    pool.match.push(...(await rounds(match, MIN_TIME_NS / BLOCKS)));
  }
}
reference.close();

// Compile and verify have no reference: timed once each, after the blocks.
const compiles = new Map<string, Timing>();
for (const s of scenarios) compiles.set(s.id, summarize(await rounds(() => lib.createEntityMatcher(s.entities), MIN_TIME_NS / 2)));
const first = scenarios[0]!;
const verifyFinal = summarize(await rounds(() => lib.verifyAnswer(first.final, first.answer), MIN_TIME_NS / 2));
const verifyWhole = summarize(await rounds(() => lib.verifyAnswer(first.response, first.answer), MIN_TIME_NS / 2));

const results = calls.map(({ s }) => {
  const pool = pools.get(s.id)!;
  const detail = lib.rubricReward({ response: s.response, answer: s.answer, entities: s.entities });
  const ref = info.scenarios.find((r) => r.id === s.id)!;
  const reward = summarize(pool.reward);
  const match = summarize(pool.match);
  const referenceTiming = summarize(pool.reference);
  return {
    id: s.id,
    title: s.title,
    source: s.source,
    chars: s.response.length,
    reward,
    match,
    compile: compiles.get(s.id)!,
    reference: referenceTiming,
    referenceNormalize: summarize(pool.normalize),
    rewardRatio: referenceTiming.median / reward.median,
    rewardRatioP10: referenceTiming.p10 / reward.p10,
    matchRatio: referenceTiming.median / match.median,
    recall: detail.rubric,
    referenceRecall: ref.recall,
    found: detail.rubricDetail.entities.map((e) => e.found),
    referenceHits: ref.hits,
    mentions: detail.rubricDetail.entities.reduce((n, e) => n + e.mentions.length, 0),
  };
});

const memory = argv['no-memory'] ? undefined : (console.log('measuring memory (child process)…'), runMemory());

console.log(
  `\n${'scenario'.padEnd(11)} ${'rubricReward'.padStart(13)} ${'reference'.padStart(11)} ${'ratio'.padStart(7)}  ` +
    `${'match only'.padStart(11)} ${'ratio'.padStart(7)}  ${'compile'.padStart(9)}  ${'p10 ratio'.padStart(9)}  target ${TARGET_RATIO}×`,
);
for (const r of results) {
  console.log(
    `${r.id.padEnd(11)} ${ms(r.reward.median).padStart(13)} ${ms(r.reference.median).padStart(11)} ${times(r.rewardRatio).padStart(7)}  ` +
      `${ms(r.match.median).padStart(11)} ${times(r.matchRatio).padStart(7)}  ${us(r.compile.median).padStart(9)}  ` +
      `${times(r.rewardRatioP10).padStart(9)}  ` +
      `${r.rewardRatio >= TARGET_RATIO ? 'met' : 'NOT MET'}`,
  );
}
console.log(`\nquartiles p25–p75 (rounds), pooled over ${BLOCKS} blocks:`);
for (const r of results) {
  console.log(
    `  ${r.id.padEnd(10)} rubricReward ${ms(r.reward.p25)}–${ms(r.reward.p75)} (${r.reward.rounds}); ` +
      `match ${ms(r.match.p25)}–${ms(r.match.p75)} (${r.match.rounds}); ` +
      `reference ${ms(r.reference.p25)}–${ms(r.reference.p75)} (${r.reference.rounds}), of which normalize_string ${ms(r.referenceNormalize.median)}`,
  );
}
console.log(`\nverifyAnswer on the final answer (${first.final.length} chars): ${us(verifyFinal.median)}; on the whole response: ${us(verifyWhole.median)}`);
console.log('\nentities found, ours/reference (✓ found, · not):');
for (const r of results) {
  const marks = r.found.map((f, i) => `${f ? '✓' : '·'}${r.referenceHits[i] === true ? '✓' : '·'}`).join(' ');
  console.log(`  ${r.id.padEnd(10)} recall ${r.recall.toFixed(3)} / ${r.referenceRecall.toFixed(3)}  [${marks}]  ${r.mentions} mentions found by rubricReward`);
}
if (memory !== undefined) console.log(`\n${typeof memory === 'string' ? memory : formatMemory(memory)}`);

if (argv.json !== undefined) {
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    python: info.python,
    cpu,
    revision: rev,
    blocks: BLOCKS,
    targetRatio: TARGET_RATIO,
    scenarios: results,
    verifyAnswer: { final: verifyFinal, whole: verifyWhole },
    memory,
  };
  writeFileSync(argv.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${argv.json}`);
}

if (argv.check && results.some((r) => r.rewardRatio < TARGET_RATIO)) process.exitCode = 1;
