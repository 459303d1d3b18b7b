/**
 * The reward service under load: POST /evaluate (the LongTraceRL / slime body) with 130 KB
 * generated thinking traces, 32 connections, with 1 and with 2 scoring threads, beside the
 * in-process `rubricReward` throughput on the same traces measured in the same run.
 *
 *   npm run build && npx tsx bench/server.bench.ts
 *   npx tsx bench/server.bench.ts [--seconds 10] [--warmup 2] [--connections 32] [--workers 1,2] [--ascii] [--json FILE] [--dist DIR]
 *
 * The server runs in a child process (the built dist/server.js, started with startServer on
 * 127.0.0.1 and a free port); autocannon runs in this process, so the load generator's CPU is
 * not counted against the server. Besides requests/s and latency, the server's CPU time is read
 * from /proc (Linux), giving requests per CPU-second: the service's cost per request, including
 * HTTP, JSON parsing, validation and the hand-off to a thread, against the bare call's.
 * Traffic goes to 127.0.0.1 only, and every run is bounded by --seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { GoldEntity } from '../src/index.js';
import { TRACE_BYTES, wordsScenario } from './scenarios.js';
import { generateTrace } from './trace.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The service should reach this share of the in-process throughput per CPU. */
const TARGET_EFFICIENCY = 0.7;

const { values: argv } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    workers: { type: 'string', default: '1,2' },
    traces: { type: 'string', default: '8' },
    json: { type: 'string' },
    dist: { type: 'string', default: resolve(here, '../dist') },
    /** Escape non-ASCII characters as \uXXXX in the bodies, as Python's json.dumps does by default. */
    ascii: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(argv.seconds);
const WARMUP = Number(argv.warmup);
const CONNECTIONS = Number(argv.connections);
const WORKERS = argv.workers.split(',').map(Number);
const DIST = resolve(argv.dist);

for (const file of ['index.js', 'server.js', 'server-worker.cjs']) {
  if (!existsSync(resolve(DIST, file))) {
    console.error(`${resolve(DIST, file)} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}
// A computed specifier: the typecheck of a fresh clone (no dist/ yet) must not resolve it.
const library = (await import(pathToFileURL(resolve(DIST, 'index.js')).href)) as typeof import('../src/index.js');

// --- the traces: the bench's 130 KB generator, several seeds so requests differ -----------------
const scenario = wordsScenario();
const traces = [scenario.response, ...Array.from({ length: Number(argv.traces) - 1 }, (_, i) => generateTrace({ bytes: TRACE_BYTES, seed: 7000 + i }).response)];
const entities: GoldEntity[] = scenario.entities;
const asPython = (json: string): string => (argv.ascii ? json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json);
const bodies = traces.map((response) =>
  asPython(JSON.stringify({
    label: scenario.answer,
    extra_reward_info: { question: 'Which river does the river of the second poem of Má vlast flow into?', rubrics: entities, rubric_reward_ratio: 0.3 },
    response,
  })),
);
const meanKb = bodies.reduce((a, b) => a + Buffer.byteLength(b), 0) / bodies.length / 1024;

// --- in-process baseline ------------------------------------------------------------------------
/** rubricReward on the traces in turn for `seconds`, in this thread: calls per second (wall and CPU). */
function inProcess(seconds: number): { perSecond: number; perCpuSecond: number; calls: number; expected: number[] } {
  const inputs = traces.map((response) => ({ response, answer: scenario.answer, entities, question: 'q' }));
  const expected = inputs.map((input) => library.rubricReward(input, { eta: 0.3 }).reward);
  const warmEnd = performance.now() + 1000;
  for (let i = 0; performance.now() < warmEnd; i++) library.rubricReward(inputs[i % inputs.length]!, { eta: 0.3 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < seconds * 1000) {
    library.rubricReward(inputs[calls % inputs.length]!, { eta: 0.3 });
    calls++;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: calls / wall, perCpuSecond: calls / ((cpu.user + cpu.system) / 1e6), calls, expected };
}

/**
 * The same with the body's own cost in front: UTF-8 decode, JSON.parse and validation of the very
 * bytes the service receives. No JSON service can beat this; the gap to it is HTTP and threads.
 */
function inProcessWithJson(seconds: number): { perSecond: number; perCpuSecond: number } {
  const raw = bodies.map((body) => Buffer.from(body));
  const once = (i: number): number => {
    const body = JSON.parse(raw[i % raw.length]!.toString(argv.ascii ? 'latin1' : 'utf8')) as { label: string; extra_reward_info: { rubrics: GoldEntity[]; rubric_reward_ratio: number }; response: string };
    if (typeof body.response !== 'string' || !Array.isArray(body.extra_reward_info.rubrics)) throw new Error('bad body');
    return library.rubricReward({ response: body.response, answer: body.label, entities: body.extra_reward_info.rubrics }, { eta: body.extra_reward_info.rubric_reward_ratio }).reward;
  };
  for (let i = 0; i < 50; i++) once(i);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < seconds * 1000) once(calls++);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: calls / wall, perCpuSecond: calls / ((cpu.user + cpu.system) / 1e6) };
}

// --- the service --------------------------------------------------------------------------------
interface Started {
  child: ChildProcess;
  url: string;
}

async function startChild(workers: number): Promise<Started> {
  const script = `const { startServer } = await import(process.argv[1]);
const server = await startServer({ port: 0, workers: ${workers}, logger: false });
console.log(JSON.stringify({ url: server.url }));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(resolve(DIST, 'server.js')).href], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolveUrl((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
  });
  return { child, url };
}

/** CPU seconds (user + system) used so far by a process, from /proc; undefined off Linux. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    requests: bodies.map((body) => ({ method: 'POST', path: '/evaluate', headers: { 'content-type': 'application/json' }, body })),
  });
}

interface ServiceRun {
  workers: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
  cpuSeconds: number | undefined;
  perCpuSecond: number | undefined;
}

async function service(workers: number): Promise<ServiceRun> {
  const { child, url } = await startChild(workers);
  try {
    // Every trace once first: the answers must be what the library gives in-process.
    for (const [i, body] of bodies.entries()) {
      const res = await fetch(`${url}/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await res.json()) as { reward: number };
      if (answer.reward !== baseline.expected[i]) throw new Error(`trace ${i}: the service says ${answer.reward}, in-process ${baseline.expected[i]}`);
    }
    if (WARMUP > 0) await load(url, WARMUP);
    const cpu0 = cpuSeconds(child.pid!);
    const result = await load(url, SECONDS);
    const cpu1 = cpuSeconds(child.pid!);
    const cpu = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
    const ok = result['2xx'];
    return {
      workers,
      requestsPerSecond: ok / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
      requests: ok,
      cpuSeconds: cpu,
      perCpuSecond: cpu === undefined || cpu === 0 ? undefined : ok / cpu,
    };
  } finally {
    // SIGTERM: the server drains and exits 0 on its own.
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

// --- run ----------------------------------------------------------------------------------------
console.log(`# service bench: ${traces.length} traces of ~${Math.round(meanKb)} KB (JSON body${argv.ascii ? ', non-ASCII escaped as Python sends it' : ', UTF-8'}), ${CONNECTIONS} connections, ${SECONDS} s per run`);
console.log(`# ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}\n`);

const load0 = loadavg()[0]!;
const baseline = inProcess(Math.max(3, SECONDS / 2));
console.log(`in-process rubricReward: ${baseline.perSecond.toFixed(1)} calls/s on one thread (${(1000 / baseline.perSecond).toFixed(2)} ms/call)`);
const withJson = inProcessWithJson(Math.max(3, SECONDS / 2));
console.log(`in-process JSON.parse + rubricReward: ${withJson.perSecond.toFixed(1)} calls/s on one thread (${(1000 / withJson.perSecond).toFixed(2)} ms/call)`);

const runs: ServiceRun[] = [];
for (const workers of WORKERS) {
  const run = await service(workers);
  runs.push(run);
  const perThread = run.requestsPerSecond / workers / baseline.perSecond;
  const perCpu = run.perCpuSecond === undefined ? 'n/a' : `${((run.perCpuSecond / baseline.perCpuSecond) * 100).toFixed(0)}%`;
  console.log(
    `service, ${workers} worker${workers === 1 ? '' : 's'}: ${run.requestsPerSecond.toFixed(1)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
      `errors ${run.errors}, non-2xx ${run.non2xx}; per worker ${(perThread * 100).toFixed(0)}% of in-process; per CPU-second ${perCpu}`,
  );
}

const table = [
  '| setup | requests/s | p50 latency | p99 latency | errors | per worker vs in-process | per CPU-second vs in-process |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  `| in-process \`rubricReward\`, 1 thread | ${baseline.perSecond.toFixed(1)} | ${(1000 / baseline.perSecond).toFixed(2)} ms | | | 100% | 100% |`,
  `| in-process JSON.parse of the body + \`rubricReward\`, 1 thread | ${withJson.perSecond.toFixed(1)} | ${(1000 / withJson.perSecond).toFixed(2)} ms | | | ` +
    `${((withJson.perSecond / baseline.perSecond) * 100).toFixed(0)}% | ${((withJson.perCpuSecond / baseline.perCpuSecond) * 100).toFixed(0)}% |`,
  ...runs.map(
    (r) =>
      `| service, ${r.workers} worker${r.workers === 1 ? '' : 's'} | ${r.requestsPerSecond.toFixed(1)} | ${r.p50} ms | ${r.p99} ms | ${r.errors + r.non2xx} | ` +
      `${((r.requestsPerSecond / r.workers / baseline.perSecond) * 100).toFixed(0)}% | ` +
      `${r.perCpuSecond === undefined ? 'n/a' : `${((r.perCpuSecond / baseline.perCpuSecond) * 100).toFixed(0)}%`} |`,
  ),
];
console.log(`\n${table.join('\n')}`);
const efficient = runs.every((r) => r.perCpuSecond === undefined || r.perCpuSecond / baseline.perCpuSecond >= TARGET_EFFICIENCY);
console.log(`\ntarget: per CPU-second at least ${TARGET_EFFICIENCY * 100}% of in-process: ${efficient ? 'met' : 'NOT met'}`);
console.log(`load average (1 min): ${load0.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after — other processes on the machine skew every figure`);

if (argv.json !== undefined) {
  writeFileSync(
    argv.json,
    `${JSON.stringify({ node: process.version, cpu: cpus()[0]?.model, cores: availableParallelism(), loadavg: [load0, loadavg()[0]], connections: CONNECTIONS, seconds: SECONDS, bodyKb: meanKb, baseline: { ...baseline, expected: undefined }, withJson, runs }, null, 2)}\n`,
  );
}
