// Helpers of the service tests: a real server on port 0 of 127.0.0.1, JSON over fetch, Python
// clients run as child processes. Nothing here talks to anything but loopback.
import { spawn, spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll } from 'vitest';
import { createRewardServer, type RewardServerOptions } from '../../src/server/index.js';

export interface TestServer {
  url: string;
  app: FastifyInstance;
}

/** Starts a server for the file's tests and closes it after them. */
export async function serve(options: RewardServerOptions = {}): Promise<TestServer> {
  const app = createRewardServer({ workers: 0, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  afterAll(() => app.close());
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app };
}

export interface JsonReply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** POSTs `body` (serialised unless it is a string) and reads the JSON answer. */
export async function post<T = any>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonReply<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

export async function get<T = any>(url: string): Promise<JsonReply<T>> {
  const res = await fetch(url);
  const text = await res.text();
  const json = res.headers.get('content-type')?.startsWith('application/json') ?? false;
  return { status: res.status, headers: res.headers, body: (json ? JSON.parse(text) : text) as T };
}

/** Reads one sample of a metric from a Prometheus exposition (0 when absent). */
export function metric(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

export const python = ((): string | undefined => {
  for (const bin of ['python3', 'python']) {
    const probe = spawnSync(bin, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === '3') return bin;
  }
  return undefined;
})();

if (python === undefined) {
  console.warn('\n!!! python3 is not on the PATH: the Python client tests of the reward service are SKIPPED !!!\n');
}

/** Runs `test/server/clients/<script>` with `job` as JSON on stdin and parses its JSON stdout. */
export function runClient<T = unknown>(script: string, job: unknown): Promise<T> {
  const file = fileURLToPath(new URL(`./clients/${script}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(python!, [file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${script} exited with ${code}:\n${err}`));
      else resolve(JSON.parse(out) as T);
    });
    child.stdin.end(JSON.stringify(job));
  });
}

/** JSON round trip: what a client reads back (undefined fields dropped). */
export function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
