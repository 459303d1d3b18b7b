// The summary of a build on stderr, shared by `data build` and `data demo`.
import type { Manifest } from '../../../data/index.js';
import { colorsFor } from '../../shared/colors.js';

/** The summary on stderr: kept, dropped by reason, distractors dropped, token histogram. */
export function printBuildSummary(format: 'table' | 'json' | 'none', manifest: Manifest, extra: { seconds: number; prepSeconds: number; corpus: number; manifest?: string | undefined; found?: number | undefined }): void {
  if (format === 'none') return;
  const stderr = process.stderr;
  if (format === 'json') {
    stderr.write(`${JSON.stringify({ ...manifest.counts, tokens: manifest.tokens, ...extra })}\n`);
    return;
  }
  const c = colorsFor(stderr);
  const fmt = new Intl.NumberFormat('en-US');
  const { counts, tokens } = manifest;
  const lines = [c.bold('data build')];
  lines.push(`  ${'corpus documents'.padEnd(22)} ${fmt.format(extra.corpus)}`);
  lines.push(`  ${'tiers'.padEnd(22)} ${manifest.tiers}, tokenizer ${manifest.tokenizer}, format ${manifest.format}`);
  lines.push(`  ${'questions'.padEnd(22)} ${fmt.format(counts.questions)}`);
  lines.push(`  ${'kept'.padEnd(22)} ${c.green(fmt.format(counts.kept))}`);
  if (extra.found !== undefined && extra.found > 0) lines.push(`  ${'found done (resume)'.padEnd(22)} ${fmt.format(extra.found)}`);
  if (manifest.status !== 'complete') lines.push(`  ${'status'.padEnd(22)} ${c.yellow(manifest.status)}`);
  const reasons = (r: Record<string, number>, title: string): void => {
    const list = Object.entries(r).sort((a, b) => b[1] - a[1]);
    lines.push(`  ${title.padEnd(22)} ${list.length === 0 ? 'none' : ''}`);
    for (const [reason, n] of list) lines.push(`    ${reason.padEnd(20)} ${fmt.format(n)}`);
  };
  reasons(counts.dropped, 'dropped, by reason');
  reasons(counts.distractorsDropped, 'distractors dropped');
  lines.push(`  ${'tokens per row'.padEnd(22)} min ${fmt.format(tokens.min)}, mean ${fmt.format(tokens.mean)}, max ${fmt.format(tokens.max)}`);
  const top = Math.max(1, ...tokens.histogram.map((h) => h.rows));
  for (const h of tokens.histogram) {
    lines.push(`    ≤ ${fmt.format(h.upTo).padStart(9)} ${'█'.repeat(Math.round((20 * h.rows) / top)).padEnd(20)} ${fmt.format(h.rows)}`);
  }
  lines.push(`  ${'time'.padEnd(22)} ${extra.seconds.toFixed(1)} s (${extra.prepSeconds.toFixed(1)} s loading)`);
  if (extra.manifest !== undefined) lines.push(`  ${'manifest'.padEnd(22)} ${extra.manifest}`);
  stderr.write(`${lines.join('\n')}\n`);
}
