// `data serve-retrieval` as a user starts it (the built CLI, a child process): it says where it
// listens, warns beyond loopback, answers Search-R1's POST /retrieve, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../agent/scripted-agent.js';
import { cliPath, ensureBuilt, root, runCli, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
const corpus = join(dir, 'corpus.jsonl');
writeFileSync(corpus, CORPUS.map((d) => JSON.stringify(d)).join('\n') + '\n');
beforeAll(ensureBuilt, 240_000);
afterAll(cleanup);

/** Starts the command and waits for the line naming its URL. */
async function start(args: string[]): Promise<{ url: string; stderr: () => string; exited: Promise<number | null>; stop: () => void }> {
  const child = spawn(process.execPath, [cliPath, 'data', 'serve-retrieval', '--corpus', corpus, '--port', '0', ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /POST (http:\/\/\S+)\/retrieve/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
    });
    setTimeout(() => reject(new Error(`no URL after 15 s: ${stderr}`)), 15_000);
  });
  return { url, stderr: () => stderr, exited, stop: () => child.kill('SIGTERM') };
}

describe('data serve-retrieval (the command)', () => {
  it('serves the corpus on loopback without a warning, and exits 0 on SIGTERM', async () => {
    const server = await start([]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/retrieve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: ['American Psychological Association'], topk: 2, return_scores: true }) });
    const body = (await response.json()) as { result: { document: { id: string; contents: string }; score: number }[][] };
    expect(body.result[0]).toHaveLength(2);
    expect(body.result[0]![0]!.document.contents).toMatch(/^"[^"\n]+"\n/);
    expect(server.stderr()).toContain(`corpus: ${CORPUS.length} documents`);
    expect(server.stderr()).not.toContain('warning');
    server.stop();
    expect(await server.exited).toBe(0);
  }, 30_000);

  it('warns when it listens beyond loopback', async () => {
    const server = await start(['--host', '0.0.0.0']);
    expect(server.stderr()).toMatch(/warning: listening on 0\.0\.0\.0: the retrieval server has no authentication/);
    server.stop();
    expect(await server.exited).toBe(0);
  }, 30_000);

  it.each([
    [['--corpus', '/nonexistent/docs.jsonl'], 1, /nonexistent\/docs\.jsonl/],
    [['--corpus', 'c.jsonl', '--port', '70000'], 2, /option --port: expected a whole number from 0 to 65535/],
    [['--corpus', 'c.jsonl', '--body-limit', 'huge'], 2, /option --body-limit/],
  ])('%j: exit %i with a message', async (args, code, message) => {
    const result = await runCli(['data', 'serve-retrieval', ...args]);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});
