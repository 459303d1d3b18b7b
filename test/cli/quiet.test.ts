// What a user should not trip over: a closed stdout (`| head`) ends every command quietly, a
// `--group-by` field no row has is named in a warning, and with `-o` the summary says where the
// results went and which lines failed first. Run as the built binary.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, ensureBuilt, jsonLines, root, runCli, startServe, tempDir, toJsonl, type CliRun } from './helpers.js';

beforeAll(ensureBuilt, 600_000);
const { dir, cleanup } = tempDir();
afterAll(cleanup);

const row = (id: number, group?: string) => ({
  id,
  ...(group !== undefined && { prompt_id: group }),
  response: '<think>Cologne lies on the Rhine, which flows into the North Sea.</think> \\boxed{North Sea}',
  answer: 'North Sea',
  entities: ['Cologne', 'Rhine', 'North Sea'],
});
// Large enough that `score` writes after its reader is gone (several 64 kB chunks).
const rowsFile = join(dir, 'rows.jsonl');
writeFileSync(rowsFile, toJsonl(Array.from({ length: 3000 }, (_, i) => row(i))));

/** Runs the CLI with its stdout's reading end closed before the program even starts. */
function closedStdout(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone: every write of the child fails with EPIPE
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: '', stderr }));
  });
}

describe('a closed stdout ends every command quietly', () => {
  it.each([
    [['--help']],
    [['--version']],
    [['help', 'score']],
    [['score', '--help']],
    [['serve', '--help']],
    [['data', '--help']],
    [['demo']],
    [['demo', '--json']],
    [['score', rowsFile, '--summary', 'none']],
    [['score', rowsFile]],
  ])('%j', async (args) => {
    const result = await closedStdout(args);
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|internal error|\n {4}at /);
    expect(result.code).toBe(0);
  }, 60_000);
});

describe('--group-by', () => {
  it('warns when no row has the field the user named', async () => {
    const result = await runCli(['score', '-', '--group-by', 'prompt', '--summary', 'none'], { input: toJsonl([row(1, 'q1'), row(2, 'q1')]) });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: --group-by prompt: no row has a field "prompt", so every row was scored alone');
    expect(jsonLines(result.stdout).map((r) => r.advantage)).toEqual([undefined, undefined]);
  });

  it.each([
    ['a field the rows have', ['--group-by', 'prompt_id']],
    ['the default, on rows without groups', []],
  ])('says nothing for %s', async (_, flags) => {
    const result = await runCli(['score', '-', ...flags, '--summary', 'none'], { input: toJsonl([row(1, 'q1'), row(2, 'q1')]) });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('warning');
  });
});

describe('-o: where the output went and the first failing lines', () => {
  const input = toJsonl([row(1), '{"id": 2, oops', row(3), '', { id: 5, response: 'x', entities: ['x'] }, '[1]']);

  it('names the file and the first three failed lines in the table', async () => {
    const out = join(dir, 'out.jsonl');
    const result = await runCli(['score', '-', '-o', out], { input });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`  output       ${out}  (6 lines)\n`);
    expect(result.stderr).toContain('  failed       4 rows failed; first: line 2 INVALID_JSON, line 4 EMPTY_LINE, line 5 INVALID_INPUT\n');
  });

  it('gives them in the JSON summary too', async () => {
    const out = join(dir, 'out2.jsonl');
    const result = await runCli(['score', '-', '-o', out, '--summary', 'json'], { input });
    const summary = JSON.parse(result.stderr.trim().split('\n').at(-1)!) as { output: string; firstErrors: unknown[] };
    expect(summary.output).toBe(out);
    expect(summary.firstErrors).toEqual([
      { line: 2, code: 'INVALID_JSON' },
      { line: 4, code: 'EMPTY_LINE' },
      { line: 5, code: 'INVALID_INPUT' },
    ]);
  });
});

describe('serve --judge-url: one request at start-up checks the judge', () => {
  const listen = async (server: Server): Promise<number> => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };
  const until = async (check: () => boolean, ms: number): Promise<void> => {
    for (const end = Date.now() + ms; !check() && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 100));
  };

  it('warns when the judge cannot be reached, and keeps serving', async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const child = await startServe(['--port', '0', '--workers', '0', '--judge-url', `http://127.0.0.1:${port}/v1`, '--judge-model', 'm']);
    try {
      await until(() => child.output().stderr.includes('warning:'), 10_000);
      expect(child.output().stderr).toContain(`warning: the judge at http://127.0.0.1:${port}/v1 did not answer a test request: it cannot be reached (ECONNREFUSED)`);
      expect((await fetch(`${child.url}/healthz`)).status).toBe(200);
    } finally {
      child.stop();
      await child.exited;
    }
  }, 30_000);

  it.each([
    [200, undefined],
    [404, undefined],
    [401, 'it refused the API key (HTTP 401'],
  ])('a judge answering %i: warning %j', async (status, warning) => {
    const paths: string[] = [];
    const judge = createServer((request, response) => {
      paths.push(`${request.method} ${request.url}`);
      response.writeHead(status, { 'content-type': 'application/json' }).end('{"data":[]}');
    });
    const port = await listen(judge);
    const child = await startServe(['--port', '0', '--workers', '0', '--judge-url', `http://127.0.0.1:${port}/v1/`, '--judge-model', 'm']);
    try {
      await until(() => paths.length > 0, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(paths).toEqual(['GET /v1/models']);
      if (warning === undefined) expect(child.output().stderr).not.toContain('warning');
      else expect(child.output().stderr).toContain(warning);
    } finally {
      child.stop();
      await child.exited;
      await new Promise((resolve) => judge.close(resolve));
    }
  }, 30_000);
});

describe('docs/cli.md', () => {
  it('shows the output that its six rows give', async () => {
    const doc = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
    // The shell block that writes rollouts.jsonl, and the JSON block that follows it.
    const m = /cat > rollouts\.jsonl <<'EOF'\n([\s\S]*?)EOF\n[\s\S]*?```json fragment\n([\s\S]*?)```/.exec(doc);
    expect(m, 'the six-row example of docs/cli.md').not.toBeNull();
    const [input, shown] = [m![1]!, m![2]!];
    expect(input.trim().split('\n')).toHaveLength(6);
    const result = await runCli(['score', '-', '--summary', 'none'], { input });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(shown);
  });
});
