/**
 * Every benchmark and bench tool, run once in a short mode so none rots unseen (CI runs this after
 * the build; issue 26 item 9). No figure is asserted: a bench passes when it starts, runs and exits
 * 0. Each runs in its own process, as a user would run it.
 *
 *   npm run build && npx tsx bench/smoke.ts [--only NAME]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
const prof = join(scratch, 'prof');
const { values } = parseArgs({ options: { only: { type: 'string' } } });

const tsx = ['--import', 'tsx'];
/** name → node arguments, short enough for CI (seconds, not minutes). */
const RUNS: [string, string[]][] = [
  ['rubric', [...tsx, 'bench/rubric.bench.ts', '--blocks', '1', '--rounds', '3', '--min-time', '0.01', '--no-memory']],
  ['memory', ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', ...tsx, 'bench/memory.bench.ts']],
  ['server', [...tsx, 'bench/server.bench.ts', '--seconds', '1', '--warmup', '0', '--workers', '1', '--connections', '2', '--traces', '2']],
  ['graph', ['--expose-gc', ...tsx, 'bench/graph.bench.ts', '--edges', '20000', '--nodes', '4000', '--relations', '20', '--walks', '200', '--file', join(scratch, 'graph.tsv')]],
  ['data-build', [...tsx, 'bench/data-build.bench.ts', '5', '2000', '8000']],
  ['agent', [...tsx, 'bench/agent.bench.ts', '40']],
  ['corpus-index', [...tsx, 'bench/corpus-index.bench.ts', '3000', '--queries', '20', '--recall', '5', '--dir', join(scratch, 'index')]],
  ['floor', [...tsx, 'bench/floor.ts', 'real', '3']],
  // The A/B tool against this very build: it only has to run.
  ['ab', [...tsx, 'bench/ab.ts', 'dist', '3']],
  ['profile', ['--cpu-prof', `--cpu-prof-dir=${prof}`, ...tsx, 'bench/profile.ts', 'words', '--seconds', '0.2']],
  ['hotspots', [...tsx, 'bench/hotspots.ts']], // the profile's files are added below
];

let failed = 0;
for (const [name, args] of RUNS) {
  if (values.only !== undefined && values.only !== name) continue;
  const argv = name === 'hotspots' ? [...args, ...readdirSync(prof).map((f) => join(prof, f))] : args;
  const started = performance.now();
  const run = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status === 0) {
    console.log(`ok   ${name.padEnd(11)} ${seconds} s`);
  } else {
    failed++;
    console.log(`FAIL ${name.padEnd(11)} ${seconds} s (exit ${String(run.status)}${run.signal ? `, ${run.signal}` : ''})`);
    console.log(`${run.stdout.slice(-2000)}\n${run.stderr.slice(-4000)}`);
  }
}
rmSync(scratch, { recursive: true, force: true });
console.log(failed === 0 ? 'bench smoke: every bench ran' : `bench smoke: ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
