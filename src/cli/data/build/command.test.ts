import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { approxTokenCount } from '../../../data/tokenizer.js';
import { captureStderr } from '../../shared/capture-stderr.test-helper.js';
import { run } from '../../program.js';
import { scoreLine } from '../../../rows/score-row.js';

interface Musique { id: string; question: string; answer: string; aliases: string[]; hops: { answer: string }[]; paragraphs: { idx: number; title: string; text: string; supporting: boolean }[] }
const musique = readFileSync(fileURLToPath(new URL('../../../../fixtures/data-build/musique.jsonl', import.meta.url)), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Musique);
const traces = readFileSync(fileURLToPath(new URL('../../../../fixtures/data-build/r1-searcher-traces.jsonl', import.meta.url)), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { question: string; answer: string; gen_text_store: string });

const dir = mkdtempSync(join(tmpdir(), 'data-build-cli-'));
const write = (name: string, rows: unknown[]): string => {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  return path;
};
const lines = (path: string): Record<string, unknown>[] => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

// The 60 real MuSiQue paragraphs of three questions, plus the R1-Searcher trace's retrieved titles as a corpus.
const corpus = write('corpus.jsonl', musique.flatMap((m) => m.paragraphs.map((p) => ({ id: `${m.id}-${p.idx}`, title: p.title, text: p.text }))));
const questions = write('questions.jsonl', [
  ...musique.map((m) => ({
    id: m.id, question: m.question, answer: { answer: m.answer, aliases: m.aliases }, entities: m.hops.map((h) => h.answer),
    gold: m.paragraphs.filter((p) => p.supporting).map((p) => `${m.id}-${p.idx}`),
  })),
  { id: 'no-gold', question: 'Who?', answer: 'X', entities: ['Nowhere'] },
  { id: 'bad', question: 3 },
]);

const stderr = captureStderr();

const cli = (...args: string[]): Promise<number> => run(['node', 'longtrace-reward', 'data', ...args]);

describe('data build', () => {
  it('--bm25: writes slime rows within the budget, a manifest, and a summary with drop reasons', async () => {
    const out = join(dir, 'train.jsonl');
    expect(await cli('build', '--questions', questions, '--corpus', corpus, '--bm25', '--budget', '3000', '--seed', '5', '-o', out, '--summary', 'json', '--no-progress')).toBe(0);
    const rows = lines(out);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const content = (row['input_messages'] as { content: string }[])[0]!.content;
      expect(approxTokenCount(content)).toBeLessThanOrEqual(3000);
      const meta = row['metadata'] as { provenance: { tiers: string; tokens: number; docs: { gold: string[] } } };
      expect(meta.provenance.tiers).toBe('bm25');
      expect(meta.provenance.tokens).toBe(approxTokenCount(content));
    }
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { counts: { kept: number; dropped: Record<string, number> }; tiers: string; seed: number; tokenizer: string };
    expect(manifest).toMatchObject({ tiers: 'bm25', seed: 5, tokenizer: 'approx', counts: { kept: 3, dropped: { 'gold-not-in-corpus': 1, 'invalid-row': 1 } } });
    const summary = JSON.parse(stderr.text.trim().split('\n').at(-1)!) as { kept: number; tokens: { histogram: { rows: number }[] } };
    expect(summary.kept).toBe(3);
    expect(summary.tokens.histogram.reduce((a, h) => a + h.rows, 0)).toBe(3);
    // The same run again gives the same rows (a seeded run is reproducible).
    const again = join(dir, 'again.jsonl');
    await cli('build', '--questions', questions, '--corpus', corpus, '--bm25', '--budget', '3000', '--seed', '5', '-o', again, '--summary', 'none', '--no-progress');
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
    // Rows score as they are: attach a rollout and give them to the score path.
    const row = rows[0]!;
    const body = { label: row['label'], extra_reward_info: (row['metadata'] as { extra_reward_info: unknown }).extra_reward_info, response: '<answer>G. Stanley Hall</answer>' };
    const scored = scoreLine(JSON.stringify(body), 1, { defaults: {}, groupBy: 'group' });
    expect(scored.kind === 'scored' && scored.result.outcome).toBe(1);
  });

  it('--trajectories: agent tiers from an R1-Searcher trace, by question id', async () => {
    const t = traces[2]!;
    const trajCorpus = write('traj-corpus.jsonl', [{ id: 'rn', title: 'Revenge of the Ninja', text: 'Revenge of the Ninja is a 1983 film directed by Sam Firstenberg.' }, { id: 'sf', title: 'Sam Firstenberg', text: 'Sam Firstenberg (born 1950) is an Israeli-American director born in Poland.' }, { id: 'x', title: 'Filler', text: 'Nothing.' }]);
    const q = write('traj-questions.jsonl', [{ id: 'ninja', question: t.question, answer: t.answer, entities: ['Revenge of the Ninja', 'Sam Firstenberg', 'Poland'] }]);
    const traj = write('traj.jsonl', [{ id: 'ninja', trajectory: { gen_text_store: t.gen_text_store } }]);
    const out = join(dir, 'traj-train.jsonl');
    expect(await cli('build', '--questions', q, '--corpus', trajCorpus, '--trajectories', traj, '--budget', '6000', '--format', 'native', '-o', out, '--summary', 'json', '--no-progress')).toBe(0);
    const [row] = lines(out);
    const prov = row!['provenance'] as { tiers: string; docs: { gold: string[]; tier1: string[]; tier2: string[] } };
    expect(prov.tiers).toBe('trajectory');
    expect(prov.docs.gold).toEqual(['rn', 'sf']);
    expect(prov.docs.tier1.length).toBeGreaterThan(0);
    expect(prov.docs.tier1).not.toContain('Firstenberg');
    // A trajectory row without a stop (a user's own log) leaves none in the provenance.
    expect('stop' in prov).toBe(false);
  });

  it.each([
    [['--corpus', 'c.jsonl', '--bm25'], /--questions/],
    [['--questions', 'q', '--corpus', 'c'], /give either --trajectories FILE .* or --bm25/],
    [['--questions', 'q', '--corpus', 'c', '--bm25', '--budget', 'lots'], /option --budget: expected a whole number/],
    [['--questions', 'q', '--corpus', 'c', '--bm25', '--gold-placement', 'depth:3'], /option --gold-placement: expected uniform/],
    [['--questions', 'q', '--corpus', 'c', '--trajectories', 't', '--read', '2'], /option --read: needs --bm25/],
  ])('usage errors exit 2: %j', async (args, message) => {
    expect(await cli('build', ...args)).toBe(2);
    expect(stderr.text).toMatch(message);
  });

  it('input errors exit 1 naming the file', async () => {
    expect(await cli('build', '--questions', join(dir, 'missing.jsonl'), '--corpus', corpus, '--bm25', '--no-progress')).toBe(1);
    expect(stderr.text).toMatch(/missing\.jsonl: no such file/);
    const badCorpus = write('bad-corpus.jsonl', [{ id: 'a', text: 'x' }, '{oops']);
    expect(await cli('build', '--questions', questions, '--corpus', badCorpus, '--bm25', '--no-progress')).toBe(1);
    expect(stderr.text).toMatch(/line 2 of .*bad-corpus\.jsonl is not JSON/);
    expect(await cli('build', '--questions', questions, '--corpus', corpus, '--bm25', '--tokenizer', join(dir, 'nope.json'), '--no-progress')).toBe(1);
    expect(stderr.text).toMatch(/cannot read the tokenizer file/);
  });
});

describe('data demo', () => {
  it('runs walk → questions → contexts → a training file offline and says what it did', async () => {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    const out = join(dir, 'demo.jsonl');
    expect(await cli('demo', '-n', '3', '--budget', '1500', '-o', out)).toBe(0);
    expect(stdout).toMatch(/Loaded the country graph/);
    expect(stdout).toMatch(/passed the leak check/);
    expect(stdout).toMatch(/Wrote 3 slime rows/);
    const rows = lines(out);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const meta = row['metadata'] as { extra_reward_info: { rubrics: unknown[] }; provenance: { tokens: number; path: unknown[]; tiers: string } };
      expect(meta.provenance.tokens).toBeLessThanOrEqual(1500);
      expect(meta.provenance.path.length).toBeGreaterThanOrEqual(2);
      expect(meta.provenance.tiers).toBe('bm25');
      expect(meta.extra_reward_info.rubrics.length).toBe(meta.provenance.path.length + 1);
    }
  });
});

describe('data build under hostile input (issue 21)', () => {
  const m = musique[0]!;
  const good = { id: m.id, question: m.question, answer: { answer: m.answer, aliases: m.aliases }, entities: m.hops.map((h) => h.answer), gold: m.paragraphs.filter((p) => p.supporting).map((p) => `${m.id}-${p.idx}`) };
  // A chain nested 100,000 levels deep: the row is built without the nesting (provenance keeps triples only).
  const deep = `${JSON.stringify({ ...good, id: 'deep' }).slice(0, -1)},"chain":{"id":"c","seed":1,"triples":[],"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;

  it('drops each odd row with its reason and line, writes the good ones and a manifest', async () => {
    const file = write('hostile.jsonl', [
      { ...good, id: 'a1', answer: '' }, { ...good, id: 'a2', answer: '   ' }, { ...good, id: 'a3', answer: '-' }, { ...good, id: 'a4', answer: '???' },
      { ...good, id: 'a5', answer: '\u0000' }, { ...good, id: 'a6', answer: ['', ''] }, { ...good, id: 'a7', answer: { answer: '' } },
      { ...good, id: 'e1', entities: [''] }, { ...good, id: 'e2', entities: ['!!!'] }, { ...good, id: 'e3', entities: [{ name: 'X', weight: -1 }] },
      { ...good, id: 'e4', entities: [{ name: 'X', aliases: [''] }] }, { ...good, id: 'q1', question: '   ' },
      deep, good,
    ]);
    const out = join(dir, 'hostile-out.jsonl');
    expect(await cli('build', '--questions', file, '--corpus', corpus, '--bm25', '--budget', '3000', '-o', out, '--summary', 'json', '--no-progress')).toBe(0);
    expect(lines(out)).toHaveLength(2); // the good row, and the deep one without its nesting
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { counts: { kept: number; dropped: Record<string, number> } };
    expect(manifest.counts.dropped).toEqual({ 'invalid-answer': 7, 'invalid-rubric': 4, 'invalid-row': 1 });
    // Every row written is one the scorer reads.
    for (const row of lines(out)) expect(scoreLine(JSON.stringify({ ...row, response: 'x' }), 1, { defaults: {}, groupBy: 'group', keepInput: false }).kind).toBe('scored');
  });

  it('a directory as input, a directory as manifest, and /dev/null as output are clear', async () => {
    expect(await cli('build', '--questions', dir, '--corpus', corpus, '--bm25', '--summary', 'none', '--no-progress')).toBe(1);
    expect(stderr.text).toMatch(/is a directory/);
    expect(await cli('build', '--questions', questions, '--corpus', dir, '--bm25', '--summary', 'none', '--no-progress', '-o', join(dir, 'x.jsonl'))).toBe(1);
    expect(await cli('build', '--questions', questions, '--corpus', corpus, '--bm25', '--summary', 'none', '--no-progress', '-o', join(dir, 'y.jsonl'), '--manifest', dir)).toBe(1);
    expect(stderr.text).toMatch(/--manifest: .*is a directory/);
    expect(await cli('build', '--questions', questions, '--corpus', corpus, '--bm25', '--summary', 'none', '--no-progress', '-o', '/dev/null')).toBe(0);
    expect(() => readFileSync('/dev/null.manifest.json')).toThrow();
  });
});

describe('data build --shard (issue 26 item 7)', () => {
  it('shards 0/3, 1/3, 2/3 together give exactly the rows of the unsharded run', async () => {
    const many = write('shard-questions.jsonl', Array.from({ length: 3 }, (_, k) => musique.map((m) => ({
      id: `${m.id}-${k}`, question: m.question, answer: { answer: m.answer, aliases: m.aliases }, entities: m.hops.map((h) => h.answer),
      gold: m.paragraphs.filter((p) => p.supporting).map((p) => `${m.id}-${p.idx}`),
    }))).flat());
    const args = ['--questions', many, '--corpus', corpus, '--bm25', '--budget', '3000', '--seed', '9', '--summary', 'none', '--no-progress'];
    const whole = join(dir, 'whole.jsonl');
    expect(await cli('build', ...args, '-o', whole)).toBe(0);
    const parts: string[] = [];
    for (const i of [0, 1, 2]) {
      const out = join(dir, `shard-${i}.jsonl`);
      expect(await cli('build', ...args, '--shard', `${i}/3`, '-o', out)).toBe(0);
      parts.push(...readFileSync(out, 'utf8').trim().split('\n'));
    }
    const rows = readFileSync(whole, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(9);
    expect([...parts].sort()).toEqual([...rows].sort());
    expect(await cli('build', ...args, '--shard', '3/3')).toBe(2);
  });
});

describe('data build: odd corpus lines', () => {
  it('a corpus line without text, without an id or not JSON is skipped with a warning naming it; the build goes on', async () => {
    const odd = join(dir, 'odd-corpus.jsonl');
    writeFileSync(odd, `${readFileSync(corpus, 'utf8')}{"id":"empty","title":"Nothing"}\n{"title":"no id","text":"t"}\nnot json\n`);
    const out = join(dir, 'odd-out.jsonl');
    expect(await cli('build', '--questions', questions, '--corpus', odd, '--bm25', '--budget', '3000', '-o', out, '--summary', 'none', '--no-progress')).toBe(0);
    expect(lines(out)).toHaveLength(3);
    expect(stderr.text).toMatch(/odd-corpus\.jsonl line 61: .*skipped/);
  });
});
