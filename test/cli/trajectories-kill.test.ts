// `data trajectories` killed with SIGKILL in the middle and started again with the same reply cache:
// every question once in the output, no torn line, the same trajectories as an uninterrupted run,
// and the model asked again at most what was in flight when the process died. The built CLI runs as
// a child process; the scripted agent answers on a fake server in this process.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeChatServer, type Action, type FakeChatServer, type Received } from '../judge/fake-chat-server.js';
import { CORPUS, goldOf, MUSIQUE, toolsAgent } from '../agent/scripted-agent.js';
import { cliPath, ensureBuilt, root, runCli, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir();
const corpus = join(dir, 'corpus.jsonl');
const questions = join(dir, 'questions.jsonl');
writeFileSync(corpus, CORPUS.map((d) => JSON.stringify(d)).join('\n') + '\n');
writeFileSync(questions, MUSIQUE.map((m) => JSON.stringify({ id: m.id, question: m.question, answer: m.answer, entities: m.hops.map((h) => h.answer), gold: goldOf(m).map((d) => d.id) })).join('\n') + '\n');

const CONCURRENCY = 2;
let server: FakeChatServer;
/** Called on each model request (the test kills the child from here). */
let onRequest: (r: Received) => void = () => {};
beforeAll(async () => {
  await ensureBuilt();
  const scripts = new Map(MUSIQUE.map((m) => [m.question, toolsAgent(m, 2).respond]));
  server = await startFakeChatServer((r): Action => {
    onRequest(r);
    const text = JSON.stringify(r.body);
    for (const [question, respond] of scripts) if (text.includes(question)) return { ...respond(r), delayMs: 30 } as Action;
    return { status: 400, body: '{}' };
  });
}, 240_000);
afterAll(async () => {
  await server.close();
  cleanup();
});

const args = (out: string, cache: string[]): string[] => [
  'data', 'trajectories', '--questions', questions, '--corpus', corpus, '--llm-url', server.baseURL, '--llm-model', 'agent',
  '--concurrency', String(CONCURRENCY), ...cache, '-o', out, '--summary', 'none', '--no-progress',
];
const bodies = (from: number): string[] => server.received.slice(from).map((r) => JSON.stringify(r.body));

describe('data trajectories, killed with SIGKILL and run again', () => {
  it('gives every question once, whole lines, the same trajectories, and repeats at most the calls in flight', async () => {
    // The uninterrupted run, without a cache.
    const reference = join(dir, 'reference.jsonl');
    const first = await runCli(args(reference, ['--no-cache']));
    expect(first.code, first.stderr).toBe(0);
    const referenceCalls = server.received.length;
    const expected = readFileSync(reference, 'utf8');

    // The run that dies: killed once it has sent half of the model calls.
    const cache = join(dir, 'cache');
    const out = join(dir, 'traj.jsonl');
    const start = server.received.length;
    const child = spawn(process.execPath, [cliPath, ...args(out, ['--cache', cache])], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let inFlightAtKill = -1;
    onRequest = () => {
      if (server.received.length - start >= Math.floor(referenceCalls / 2) && inFlightAtKill < 0) {
        inFlightAtKill = server.open;
        child.kill('SIGKILL');
      }
    };
    expect(await exited).toBe('SIGKILL');
    onRequest = () => {};
    const killedRun = new Set(bodies(start));
    expect(killedRun.size).toBeGreaterThan(0);
    // Killed before the end: no output under the final name.
    expect(existsSync(out)).toBe(false);

    // Started again with the same cache.
    const again = server.received.length;
    const second = await runCli(args(out, ['--cache', cache]));
    expect(second.code, second.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const rows = text.trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(rows.map((r) => r.id)).toEqual(MUSIQUE.map((m) => m.id));
    expect(text).toBe(expected);
    // Asked again: only requests the killed run had sent and not had answered (at most the concurrency).
    const repeated = bodies(again).filter((b) => killedRun.has(b)).length;
    expect(repeated).toBeLessThanOrEqual(CONCURRENCY);
    expect(bodies(again).length).toBeLessThan(referenceCalls);
    expect(killedRun.size + bodies(again).length - repeated).toBe(referenceCalls);
  }, 120_000);
});
