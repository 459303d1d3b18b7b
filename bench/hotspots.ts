/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function, highest first,
 * and total time (the function and what it calls) of the same functions.
 *
 *   npx tsx bench/hotspots.ts <file.cpuprofile>... [--top 15]
 *
 * Given several files (under tsx, node also profiles its loader thread), it reads the one with
 * the most samples: the main thread.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' } } });
if (positionals.length === 0) {
  console.error('usage: npx tsx bench/hotspots.ts <file.cpuprofile>... [--top 15]');
  process.exit(1);
}
const profiles = positionals.map((file) => ({ file, profile: JSON.parse(readFileSync(file, 'utf8')) as Profile }));
const { file, profile } = profiles.reduce((a, b) => (b.profile.samples.length > a.profile.samples.length ? b : a));
if (profiles.length > 1) console.log(`reading ${basename(file)} (most samples of ${profiles.length} files)`);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (node: ProfileNode): string => {
  const frame = node.callFrame;
  const where = frame.url === '' ? '' : ` ${basename(frame.url)}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'}${where}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const key = keyOf(byId.get(id)!);
  self.set(key, (self.get(key) ?? 0) + dt);
  // Count each function once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const k = keyOf(byId.get(n)!);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
  total += dt;
});
const pct = (t: number): string => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
const top = Number(values.top);
console.log(`${(total / 1e6).toFixed(2)} s sampled\n  self  total  function`);
for (const [key, t] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(t)} ${pct(inclusive.get(key) ?? 0)}  ${key}`);
}
console.log('\nhighest total time (library functions):');
const library = [...inclusive.entries()].filter(([k]) => / index\.(c?js):/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [key, t] of library) console.log(`${pct(self.get(key) ?? 0)} ${pct(t)}  ${key}`);
