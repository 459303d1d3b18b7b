/**
 * Two builds of rubricReward side by side on a busy machine: call by call, interleaved (the order
 * alternates each round), with the Python reference sampled between rounds. Reports the minimum
 * and the 10th percentile of each, which a loaded machine disturbs far less than medians.
 *
 *   npx tsx bench/ab.ts <baseline dist dir> [rounds per scenario, default 300]
 *
 * The new build is ./dist (run `npm run build` first). See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { allScenarios, referenceEntities } from './scenarios.js';

type Library = typeof import('../src/index.js');
const baseDir = process.argv[2];
if (baseDir === undefined) {
  console.error('usage: npx tsx bench/ab.ts <baseline dist dir> [rounds]');
  process.exit(2);
}
const ROUNDS = Number(process.argv[3] ?? 300);
const newLib = (await import(pathToFileURL(resolve('dist/index.js')).href)) as Library;
const oldLib = (await import(pathToFileURL(resolve(baseDir, 'index.js')).href)) as Library;

const scenarios = allScenarios();
const child = spawn('python3', [resolve('bench/reference_rubric.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
async function ask<T>(request: unknown): Promise<T> {
  child.stdin.write(`${JSON.stringify(request)}\n`);
  const next = await lines.next();
  if (next.done === true) throw new Error('python3 bench/reference_rubric.py stopped');
  return JSON.parse(next.value) as T;
}
await ask({ scenarios: scenarios.map((s) => ({ id: s.id, response: s.response, entities: referenceEntities(s.entities) })) });

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}
const f = (x: number): string => x.toFixed(3);

console.log('scenario    ms: min base / new / reference   p10 base / new / reference   ratio to reference (min, p10): base → new');
for (const s of scenarios) {
  const input = { response: s.response, answer: s.answer, entities: s.entities };
  const calls = { base: () => oldLib.rubricReward(input), new: () => newLib.rubricReward(input) };
  for (let i = 0; i < 20; i++) {
    calls.base();
    calls.new();
  }
  const times: Record<'base' | 'new', number[]> = { base: [], new: [] };
  const reference: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 === 0 ? (['new', 'base'] as const) : (['base', 'new'] as const)) {
      const start = performance.now();
      calls[which]();
      times[which].push(performance.now() - start);
    }
    if (round % 10 === 0) reference.push(...(await ask<{ samples_ms: number[] }>({ time: s.id, rounds: 5, warmup: 1 })).samples_ms);
  }
  const [b0, n0, r0] = [quantile(times.base, 0), quantile(times.new, 0), quantile(reference, 0)];
  const [b1, n1, r1] = [quantile(times.base, 0.1), quantile(times.new, 0.1), quantile(reference, 0.1)];
  console.log(
    `${s.id.padEnd(11)} ${f(b0)} / ${f(n0)} / ${f(r0)}   ${f(b1)} / ${f(n1)} / ${f(r1)}   ` +
      `min ${(r0 / b0).toFixed(2)}× → ${(r0 / n0).toFixed(2)}×, p10 ${(r1 / b1).toFixed(2)}× → ${(r1 / n1).toFixed(2)}×`,
  );
}
child.stdin.end();
