// The service as it ships, under a trainer that outruns it (issue 10). The server, its CommonJS
// scoring worker and the CLI are built into a scratch folder and run as child processes:
// - the documented container entrypoint, `node …/cli.js serve`, gets SIGTERM the way a container's
//   first process does (sent to node itself), drains and exits 0;
// - an open-loop storm at several times capacity, with short deadlines so that threads are stopped
//   by force and replaced while tasks keep coming (the storm that aborted the process on Node 20.20
//   when the worker was ESM): the process survives, sheds with 503 OVERLOADED + Retry-After,
//   /healthz answers within a second, and memory stays bounded.
// Loopback only, bounded in time (≤ 30 s of load). The figures are printed for docs/deploy.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, metric, post } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let out = '';

beforeAll(async () => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  out = mkdtempSync(join(root, '.tmp', 'overload-build-'));
  const { build } = await import('tsup');
  const { default: config } = await import('../../tsup.config.js');
  const blocks = (Array.isArray(config) ? config : [config]) as { entry?: Record<string, string> }[];
  // The server, its worker and the CLI, as tsup.config.ts builds them, without types.
  for (const block of blocks) {
    const entry = Object.fromEntries(Object.entries(block.entry ?? {}).filter(([k]) => k.startsWith('server') || k === 'cli'));
    if (Object.keys(entry).length === 0) continue;
    await build({ ...(block as object), entry, outDir: out, dts: false, clean: false, silent: true, config: false });
  }
}, 120_000);

afterAll(() => {
  if (out !== '') rmSync(out, { recursive: true, force: true });
});

interface Child {
  process: ChildProcess;
  stdout: () => string;
  exited: Promise<number | null>;
}

function start(args: string[]): Child {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, stdout: () => stdout, exited };
}

async function until<T>(probe: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? Number.NaN) / 1024;
}

const CHAIN = ['Cologne', 'Rhine', 'North Sea'];

describe('the documented container entrypoint: node …/cli.js serve', () => {
  it('SIGTERM sent to node itself reaches the server: it drains the request in flight, answers 503 meanwhile, and exits 0', async () => {
    const child = start([join(out, 'cli.js'), 'serve', '--port', '0', '--workers', '1']);
    try {
      const url = await until(() => child.stdout().match(/listening on (http:\/\/\S+)/)?.[1], 'the listening line');
      const response = `<think>${'Cologne lies on the Rhine, which flows past Düsseldorf into the North Sea. '.repeat(40_000)}</think> \\boxed{North Sea}`;
      const slow = post(`${url}/v1/rewards`, { items: Array.from({ length: 3 }, (_, id) => ({ id, response, answer: 'North Sea', entities: CHAIN })) });
      while (metric((await get<string>(`${url}/metrics`)).body, 'longtrace_pool_tasks_in_flight') < 1) await new Promise((r) => setTimeout(r, 5));
      child.process.kill('SIGTERM');
      await until(() => (child.stdout().includes('draining in-flight requests') ? true : undefined), 'the drain log line');
      const health = await get(`${url}/healthz`);
      expect(health.status).toBe(503);
      expect(health.body.error.code).toBe('SHUTTING_DOWN');
      const { status, body } = await slow;
      expect(status).toBe(200);
      expect(body.results.map((r: { id: number; reward: number }) => [r.id, r.reward])).toEqual([[0, 1], [1, 1], [2, 1]]);
      expect(await child.exited).toBe(0);
    } finally {
      child.process.kill('SIGKILL');
    }
  }, 90_000);
});

describe('overload', () => {
  it('an open-loop storm past capacity: the process survives, sheds with 503 + Retry-After, the HTTP thread (/healthz) never held up a second, memory stays bounded', async () => {
    // The server also reports how long its HTTP thread was held up (event-loop delay, every 250 ms):
    // that, not the round trip through this busy test process, is what keeps /healthz fast.
    const script = `const { monitorEventLoopDelay } = await import('node:perf_hooks');
const { startServer } = await import(process.argv[1]);
const s = await startServer({ port: 0, workers: 2, requestTimeoutMs: 1000, maxQueue: 32, logger: false });
console.log(s.url);
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
setInterval(() => { console.log('eld ' + Math.round(h.max / 1e6)); h.reset(); }, 250).unref();`;
    const child = start(['--input-type=module', '-e', script, pathToFileURL(join(out, 'server.js')).href]);
    try {
      const url = await until(() => child.stdout().match(/(http:\/\/\S+)/)?.[1], 'the url');
      const { hostname, port } = new URL(url);
      const agent = new Agent({ keepAlive: true, maxSockets: 256 });
      const send = (path: string, body: string): Promise<{ status: number; ms: number; retryAfter: string | undefined }> =>
        new Promise((resolve) => {
          const started = performance.now();
          const req = request({ agent, host: hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (d: string) => (text += d));
            res.on('end', () => {
              if (res.statusCode !== 200 && res.statusCode !== 503) console.log('unexpected answer', res.statusCode, text.slice(0, 300));
              resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, retryAfter: res.headers['retry-after'] });
            });
          });
          req.on('error', () => resolve({ status: 0, ms: performance.now() - started, retryAfter: undefined }));
          req.end(body);
        });
      // 130 KB traces (32K tokens), and one in eight about 1.3 MB: on a loaded machine those pass
      // the 1 s deadline, and their thread is stopped and replaced while other tasks keep arriving.
      const trace = (n: number): string => `<think>${'Cologne lies on the Rhine, which flows past Düsseldorf into the North Sea. '.repeat(n)}</think> \\boxed{North Sea}`;
      const small = JSON.stringify({ label: 'North Sea', extra_reward_info: { rubrics: CHAIN }, response: trace(1700) });
      const large = JSON.stringify({ label: 'North Sea', extra_reward_info: { rubrics: CHAIN }, response: trace(17_000) });
      // Wait for both threads: the first requests must not measure their start-up.
      for (let i = 0, ok = 0; ok < 4; i++) {
        if (i > 200) throw new Error('the server never answered a 130 KB trace within its deadline');
        ok += (await send('/evaluate', small)).status === 200 ? 1 : 0;
      }
      const before = rssMb(child.process.pid!);

      /** Probes /healthz every 100 ms until stopped; resolves with the worst latency and the RSS peak. */
      const probe = (): { stop: () => Promise<{ worst: number; peak: number }> } => {
        let stopped = false;
        let worst = 0;
        let peak = 0;
        const loop = (async () => {
          while (!stopped) {
            const started = performance.now();
            const reply = await get(`${url}/healthz`);
            expect(reply.status).toBe(200);
            worst = Math.max(worst, performance.now() - started);
            peak = Math.max(peak, rssMb(child.process.pid!));
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
        return { stop: async () => ((stopped = true), await loop, { worst, peak }) };
      };

      // Capacity, closed-loop with 4 connections for 2 s; /healthz at full load but no overload is
      // the baseline its latency under overload is compared with (same run, same machine load).
      let served = 0;
      const capacityEnd = performance.now() + 2000;
      const atCapacity = probe();
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (performance.now() < capacityEnd) served += (await send('/evaluate', small)).status === 200 ? 1 : 0;
      }));
      const baseline = (await atCapacity.stop()).worst;
      const capacity = served / 2;

      // Open loop at 3× capacity for 8 s, whatever the server answers.
      const results: { status: number; ms: number; retryAfter: string | undefined }[] = [];
      const pending: Promise<void>[] = [];
      const eldFrom = child.stdout().length;
      const duringStorm = probe();
      const rate = Math.max(50, capacity * 3);
      const loadStart = performance.now();
      let sent = 0;
      while (performance.now() - loadStart < 8000) {
        const due = Math.floor(((performance.now() - loadStart) / 1000) * rate);
        for (; sent < due; sent++) {
          const body = sent % 8 === 7 ? large : small;
          pending.push(send('/evaluate', body).then((r) => void results.push(r)));
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(pending);
      const { worst: healthWorst, peak: stormPeak } = await duringStorm.stop();
      const eldWorst = Math.max(0, ...[...child.stdout().slice(eldFrom).matchAll(/^eld (\d+)$/gm)].map((m) => Number(m[1])));
      const peak = Math.max(before, stormPeak);
      agent.destroy();

      // Memory once the load is gone (V8 and malloc keep some pages: RSS settles, it need not fall).
      await new Promise((r) => setTimeout(r, 3000));
      const after = rssMb(child.process.pid!);
      const metrics = (await get<string>(`${url}/metrics`)).body;
      const shed = results.filter((r) => r.status === 503 && r.retryAfter !== undefined);
      const answered = results.filter((r) => r.status === 200).map((r) => r.ms).sort((a, b) => a - b);
      const p99 = answered[Math.floor(answered.length * 0.99)] ?? Number.NaN;
      const statuses = Object.fromEntries([...new Set(results.map((r) => r.status))].map((s) => [s, results.filter((r) => r.status === s).length]));
      console.log(JSON.stringify({
        capacityPerS: Math.round(capacity), offeredPerS: Math.round(rate), sent: results.length, statuses,
        shedWithRetryAfter: shed.length, p99AnsweredMs: Math.round(p99), healthzWorstMs: Math.round(healthWorst), healthzAtCapacityWorstMs: Math.round(baseline), httpThreadDelayWorstMs: eldWorst,
        rssMb: { before: Math.round(before), peak: Math.round(peak), after: Math.round(after) },
        threadsStopped: metric(metrics, 'longtrace_pool_threads_stopped_total'),
        shedMetric: metric(metrics, 'longtrace_requests_shed_total{reason="queue_full"}'),
      }));

      expect(child.process.exitCode).toBeNull();
      expect((await get(`${url}/healthz`)).status).toBe(200);
      expect(shed.length).toBeGreaterThan(0);
      expect(metric(metrics, 'longtrace_requests_shed_total{reason="queue_full"}')).toBe(shed.length);
      expect(answered.length).toBeGreaterThan(0);
      // The HTTP thread, which answers /healthz, is never held up a second (the unbounded queue and
      // the quadratic group maths stalled it for 14.6 s). The round trip seen from this process is
      // reported, not asserted: on a loaded machine it measures this process as much as the server.
      expect(eldWorst).toBeGreaterThan(0);
      expect(eldWorst).toBeLessThan(1000);
      // Answered or refused with a reason, never a 4xx for a request that was fine.
      expect(results.filter((r) => ![200, 503].includes(r.status))).toEqual([]);
      // Bounded: the unbounded queue grew RSS from 245 to 1,520 MB and kept it.
      expect(peak).toBeLessThan(before + 400);
      expect(after).toBeLessThan(before + 250);
      // And it still scores.
      const { status, body } = await post(`${url}/evaluate`, { label: 'North Sea', extra_reward_info: { rubrics: CHAIN }, response: trace(10) });
      expect([status, body.reward]).toEqual([200, 1]);
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    } finally {
      child.process.kill('SIGKILL');
    }
  }, 120_000);
});
