// The server as it ships: built with the server blocks of tsup.config.ts into a scratch folder
// (never dist/, which other tests and benches read), then run in child processes, from the ESM and
// the CJS bundle, each starting its pool from server-worker.cjs beside it. SIGTERM drains.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rubricReward } from '../../src/index.js';
import { get, metric, post } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let out = '';

beforeAll(async () => {
  // Inside the checkout, so the bundles resolve fastify and piscina from its node_modules.
  mkdirSync(join(root, '.tmp'), { recursive: true });
  out = mkdtempSync(join(root, '.tmp', 'server-build-'));
  const { build } = await import('tsup');
  const { default: config } = await import('../../tsup.config.js');
  const blocks = (Array.isArray(config) ? config : [config]).filter((block) => {
    const entry = (block as { entry?: unknown }).entry;
    return typeof entry === 'object' && entry !== null && !Array.isArray(entry) && Object.keys(entry).some((k) => k.startsWith('server'));
  });
  if (blocks.length === 0) throw new Error('tsup.config.ts has no server entry: add `server` (and `server-worker`) to it');
  for (const block of blocks) {
    // Only the server's own entries, without types (slow, and checked by tsc and attw).
    const entry = Object.fromEntries(Object.entries((block as { entry: Record<string, string> }).entry).filter(([k]) => k.startsWith('server')));
    await build({ ...(block as object), entry, outDir: out, dts: false, clean: false, silent: true, config: false });
  }
}, 60_000);

afterAll(() => {
  if (out !== '') rmSync(out, { recursive: true, force: true });
});

const CHAIN = ['Cologne', 'Rhine', 'North Sea'];
const RESPONSE = '<think>Cologne lies on the Rhine, which flows into the North Sea.</think> \\boxed{North Sea}';

interface Child {
  process: ChildProcess;
  /** pino's JSON lines so far. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  line(match: (log: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function node(args: string[]): Child {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  const waiting: [(log: Record<string, unknown>) => boolean, (log: Record<string, unknown>) => void][] = [];
  let buffer = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let log: Record<string, unknown>;
      try {
        log = JSON.parse(text) as Record<string, unknown>;
      } catch {
        log = { raw: text };
      }
      logs.push(log);
      for (const [match, resolve] of waiting) if (match(log)) resolve(log);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    logs,
    exited,
    line: (match) =>
      new Promise((resolve, reject) => {
        const seen = logs.find(match);
        if (seen !== undefined) return resolve(seen);
        waiting.push([match, resolve]);
        void exited.then((code) => reject(new Error(`the server exited (${code}) before the expected log line:\n${stderr}`)));
      }),
  };
}

describe('the built server', () => {
  it('ESM: listens on loopback, scores in its pool, and on SIGTERM finishes the request in flight, then exits 0', async () => {
    const script = `const { startServer } = await import(process.argv[1]);
await startServer({ port: 0, workers: 1, logger: { level: 'info' } });`;
    const child = node(['--input-type=module', '-e', script, pathToFileURL(join(out, 'server.js')).href]);
    try {
      const listening = await child.line((l) => l.msg === 'longtrace-reward server listening');
      const url = listening.url as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(listening.workers).toBe(1);

      const quick = await post(`${url}/v1/reward`, { response: RESPONSE, answer: 'North Sea', entities: CHAIN });
      expect(quick.body.reward).toBe(rubricReward({ response: RESPONSE, answer: 'North Sea', entities: CHAIN }).reward);

      // A batch that keeps the one thread busy for a while: SIGTERM lands while it is scored.
      const response = `<think>${'Cologne lies on the Rhine, which flows past Düsseldorf into the North Sea. '.repeat(40_000)}</think> \\boxed{North Sea}`;
      const items = Array.from({ length: 3 }, (_, id) => ({ id, response, answer: 'North Sea', entities: CHAIN }));
      const slow = post(`${url}/v1/rewards`, { items });
      while (metric((await get<string>(`${url}/metrics`)).body, 'longtrace_pool_tasks_in_flight') < 1) await new Promise((r) => setTimeout(r, 5));
      child.process.kill('SIGTERM');
      await child.line((l) => l.msg === 'draining in-flight requests, then exiting');

      const { status, body } = await slow;
      expect(status).toBe(200);
      expect(body.results.map((r: { id: number; reward: number }) => [r.id, r.reward])).toEqual([[0, 1], [1, 1], [2, 1]]);
      expect(await child.exited).toBe(0);
      // Request lines carry the request id and no body.
      const completed = child.logs.filter((l) => l.msg === 'request completed');
      expect(completed.length).toBeGreaterThanOrEqual(2);
      expect(completed.every((l) => typeof l.reqId === 'string')).toBe(true);
      expect(JSON.stringify(child.logs)).not.toContain('Düsseldorf');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      child.process.kill('SIGKILL');
    }
  }, 60_000);

  it('a second signal during the drain exits at once with 1', async () => {
    const script = `const { startServer } = await import(process.argv[1]);
await startServer({ port: 0, workers: 1, logger: { level: 'info' } });`;
    const child = node(['--input-type=module', '-e', script, pathToFileURL(join(out, 'server.js')).href]);
    try {
      const url = (await child.line((l) => l.msg === 'longtrace-reward server listening')).url as string;
      const response = `<think>${'Cologne lies on the Rhine, which flows past Düsseldorf into the North Sea. '.repeat(40_000)}</think> \\boxed{North Sea}`;
      const slow = post(`${url}/v1/rewards`, { items: Array.from({ length: 4 }, () => ({ response, answer: 'North Sea', entities: CHAIN })) }).catch((error: unknown) => error);
      while (metric((await get<string>(`${url}/metrics`)).body, 'longtrace_pool_tasks_in_flight') < 1) await new Promise((r) => setTimeout(r, 5));
      child.process.kill('SIGINT');
      await child.line((l) => l.msg === 'draining in-flight requests, then exiting');
      child.process.kill('SIGINT');
      expect(await child.exited).toBe(1);
      expect(child.logs.some((l) => l.msg === 'second signal: exiting without draining')).toBe(true);
      await slow;
    } finally {
      child.process.kill('SIGKILL');
    }
  }, 60_000);

  it('CJS: require() works, the pool starts from the CommonJS worker beside it, close() lets the process end', async () => {
    const script = `const { startServer } = require(process.argv[1]);
startServer({ port: 0, workers: 2, logger: false, signals: false }).then(async (server) => {
  const res = await fetch(server.url + '/evaluate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: process.argv[2] });
  console.log(JSON.stringify({ status: res.status, body: await res.json() }));
  await server.close();
});`;
    const body = JSON.stringify({ label: 'North Sea', extra_reward_info: { rubrics: CHAIN }, response: RESPONSE });
    const child = node(['-e', script, join(out, 'server.cjs'), body]);
    try {
      const line = await child.line((l) => 'status' in l);
      const r = rubricReward({ response: RESPONSE, answer: 'North Sea', entities: CHAIN });
      expect(line).toEqual({ status: 200, body: { reward: r.reward, outcome_reward: r.outcome, rubric_reward: r.rubric } });
      // No process.exit in the script: it ends because close() stopped the server and the pool.
      expect(await child.exited).toBe(0);
    } finally {
      child.process.kill('SIGKILL');
    }
  }, 60_000);
});
