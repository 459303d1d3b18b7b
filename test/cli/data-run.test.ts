// `data run PIPELINE.json` (issue 24, item 5): a config checked with errors naming the field, the
// plan, stages skipped when complete and unchanged, rerun when their options change, and a run
// killed inside each stage that ends, run again, with what an uninterrupted run writes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureStderr } from '../../src/cli/shared/capture-stderr.test-helper.js';
import { run } from '../../src/cli/program.js';
import { parquetRowSchema, readParquetRows, toParquetRow } from '../../src/data/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const graph = (name: string): string => join(root, 'fixtures', 'graph', name);
const dir = mkdtempSync(join(tmpdir(), 'data-run-'));
const stderr = captureStderr();
const cli = (...args: string[]): Promise<number> => run(['node', 'longtrace-reward', 'data', ...args]);
const read = (path: string): string => readFileSync(path, 'utf8');
const sortedLines = (text: string): string[] => text.split('\n').filter(Boolean).sort();
const lastJson = (): Record<string, unknown> => JSON.parse(stderr.text.trim().split('\n').filter((l) => l.startsWith('{')).at(-1)!) as Record<string, unknown>;

/** A pipeline config over the bundled country graph, template questions and BM25, written to a file. */
function pipeline(name: string, change: (config: Record<string, any>) => void = () => {}): string {
  const config: Record<string, any> = {
    out: `${name}-run`,
    graph: { triples: graph('countries.tsv'), labels: graph('countries-labels.jsonl'), relations: graph('countries-relations.jsonl') },
    walk: { count: 40, hops: [2, 3], seed: 3 },
    questions: { writer: 'template' },
    corpus: 'graph',
    build: { tiers: 'bm25', budget: 1500, seed: 3 },
  };
  change(config);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('data run', () => {
  it.each([
    ['walk.count missing', (c: Record<string, any>) => delete c['walk'].count, /walk\.count: /],
    ['a bad writer', (c: Record<string, any>) => (c['questions'] = { writer: 'poet' }), /questions\.writer: /],
    ['trajectory tiers without the stage', (c: Record<string, any>) => (c['build'].tiers = 'trajectories'), /build\.tiers: "trajectories" needs a trajectories stage/],
    ['an unknown field', (c: Record<string, any>) => (c['bugdets'] = {}), /config: Unrecognized key.*bugdets/],
    ['a negative budget', (c: Record<string, any>) => (c['build'].budget = -5), /build\.budget: /],
  ])('a config with %s is refused, naming the field', async (_, change, message) => {
    expect(await cli('run', pipeline('bad', change), '--no-progress')).toBe(1);
    expect(stderr.text).toMatch(message);
    expect(existsSync(join(dir, 'bad-run'))).toBe(false);
  });

  it('runs every stage, skips them all when nothing changed, and reruns only the build when its options change', async () => {
    const config = pipeline('steady');
    expect(await cli('run', config, '--dry-run', '--summary', 'json')).toBe(0);
    expect((lastJson()['plan'] as { name: string; action: string }[]).map((s) => `${s.name}:${s.action}`)).toEqual(['walk:run', 'questions:run', 'corpus:run', 'trajectories:off', 'build:run']);
    expect(existsSync(join(dir, 'steady-run'))).toBe(false);

    expect(await cli('run', config, '--summary', 'json', '--no-progress')).toBe(0);
    const first = lastJson()['stages'] as { name: string; status: string; rows?: number }[];
    expect(first.map((s) => `${s.name}:${s.status}`)).toEqual(['walk:complete', 'questions:complete', 'corpus:complete', 'trajectories:off', 'build:complete']);
    const train = join(dir, 'steady-run', 'train.slime.jsonl');
    expect(read(train).split('\n').filter(Boolean)).toHaveLength(first.at(-1)!.rows!);
    expect(JSON.parse(read(`${train}.manifest.json`))).toMatchObject({ status: 'complete', seed: 3 });
    // The build's data report, beside the rows.
    expect(read(join(dir, 'steady-run', 'data-report.html'))).toMatch(/^<!doctype html>/i);
    const before = read(train);

    expect(await cli('run', config, '--summary', 'json', '--no-progress')).toBe(0);
    expect((lastJson()['stages'] as { status: string }[]).map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'off', 'skipped']);

    const wider = pipeline('steady', (c) => (c['build'].budget = 2500));
    expect(await cli('run', wider, '--summary', 'json', '--no-progress')).toBe(0);
    expect((lastJson()['stages'] as { name: string; status: string }[]).map((s) => `${s.name}:${s.status}`)).toEqual(['walk:skipped', 'questions:skipped', 'corpus:skipped', 'trajectories:off', 'build:complete']);
    expect(read(train)).not.toBe(before);
  });

  it('build.parquet writes train.FORMAT.parquet (the rows of the JSONL run), counts its rows, and skips it when unchanged', async () => {
    expect(await cli('run', pipeline('pq-jsonl', (c) => (c['build'].format = 'verl')), '--summary', 'none', '--no-progress')).toBe(0);
    const config = pipeline('pq', (c) => Object.assign(c['build'], { format: 'verl', parquet: true }));
    expect(await cli('run', config, '--summary', 'json', '--no-progress')).toBe(0);
    const build = (lastJson()['stages'] as { name: string; status: string; rows?: number }[]).at(-1)!;
    const expected = read(join(dir, 'pq-jsonl-run', 'train.verl.jsonl')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
    expect(build).toMatchObject({ name: 'build', status: 'complete', rows: expected.length });
    const rows: unknown[] = [];
    for await (const { value } of readParquetRows(join(dir, 'pq-run', 'train.verl.parquet'))) rows.push(value);
    // Read back as JSONL rows: the Parquet shape's filled-in defaults aside, the same rows.
    const schema = parquetRowSchema('verl');
    expect(rows.map((r) => toParquetRow(r, schema))).toEqual(expected.map((r) => toParquetRow(r, schema)));
    expect(existsSync(join(dir, 'pq-run', 'train.verl.jsonl'))).toBe(false);
    expect(await cli('run', config, '--summary', 'json', '--no-progress')).toBe(0);
    expect((lastJson()['stages'] as { status: string }[]).at(-1)!.status).toBe('skipped');
  });

  it('a trajectories stage whose agent is unreachable fails there, before anything is written for it, and the build does not run', async () => {
    const config = pipeline('agent', (c) => {
      c['trajectories'] = { agent: { url: 'http://127.0.0.1:1/v1', model: 'agent' } };
      c['build'].tiers = 'trajectories';
    });
    expect(await cli('run', config, '--summary', 'json', '--no-progress')).toBe(1);
    const stages = lastJson()['stages'] as { name: string; status: string }[];
    expect(stages.find((s) => s.name === 'trajectories')?.status).toBe('failed');
    expect(stages.some((s) => s.name === 'build' && s.status === 'complete')).toBe(false);
    expect(existsSync(join(dir, 'agent-run', 'trajectories.jsonl'))).toBe(false);
  });

  it('killed inside each stage (SIGKILL), then run again: the same training rows as an uninterrupted run', async () => {
    const big = (c: Record<string, any>): void => {
      c['walk'].count = 500;
    };
    const reference = pipeline('reference', big);
    expect(await cli('run', reference, '--summary', 'none', '--no-progress')).toBe(0);
    const config = pipeline('killed', big);
    const out = join(dir, 'killed-run');
    const child = (): { kill: (when: () => boolean) => Promise<{ code: number | null; signal: string | null }> } => ({
      async kill(when) {
        const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
        const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'data', 'run', config, '--summary', 'none', '--no-progress'], { cwd: root, env, stdio: 'ignore' });
        const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })));
        let ended = false;
        void done.then(() => (ended = true));
        while (!ended && !when()) await new Promise((resolve) => setTimeout(resolve, 2));
        if (!ended) proc.kill('SIGKILL');
        return done;
      },
    });
    const running = (stage: string): boolean => existsSync(join(out, `${stage}.stage.json`)) && read(join(out, `${stage}.stage.json`)).includes('"running"');
    const rows = (file: string): number => (existsSync(join(out, file)) ? read(join(out, file)).split('\n').length - 1 : 0);
    // Inside the walk, inside the questions, inside the build (with rows written), each time on the run before's folder.
    for (const [stage, file, at] of [['walk', 'chains.jsonl.partial', 0], ['questions', 'questions.jsonl.partial', 0], ['build', 'train.slime.jsonl.partial', 30]] as const) {
      const ended = await child().kill(() => running(stage) && (at === 0 || rows(file) >= at));
      expect(ended.signal, `killed inside ${stage}`).toBe('SIGKILL');
      expect(running(stage)).toBe(true);
    }
    expect(await cli('run', config, '--summary', 'json', '--no-progress')).toBe(0);
    const stages = lastJson()['stages'] as { name: string; action: string; status: string }[];
    expect(stages.find((s) => s.name === 'build')).toMatchObject({ action: 'resume', status: 'complete' });
    expect(sortedLines(read(join(out, 'train.slime.jsonl')))).toEqual(sortedLines(read(join(dir, 'reference-run', 'train.slime.jsonl'))));
    expect(await cli('run', config, '--summary', 'json', '--no-progress')).toBe(0);
    expect((lastJson()['stages'] as { status: string }[]).every((s) => s.status === 'skipped' || s.status === 'off')).toBe(true);
  }, 240_000);
});
