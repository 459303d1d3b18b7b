// Shared by the tests of the built CLI: build dist/ once when it is missing or older than the
// sources, run `node dist/cli.js` as a child process, and make temp dirs.
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const cliPath = join(root, 'dist', 'cli.js');

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isFresh(): boolean {
  const built = statSync(cliPath, { throwIfNoEntry: false });
  if (built === undefined) return false;
  const inputs = ['src', 'fixtures', 'package.json', 'tsup.config.ts'].map((p) => newestMtime(join(root, p)));
  return built.mtimeMs >= Math.max(...inputs);
}

/**
 * Builds the package (`npm run build`) unless dist/cli.js is newer than every source. Test files
 * run in parallel, so a lock directory makes one of them build while the others wait.
 */
export async function ensureBuilt(): Promise<void> {
  if (isFresh()) return;
  const lock = join(root, '.tmp', 'cli-test-build.lock');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than the deadline was left by a killed run.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (!isFresh()) await promisify(execFile)('npm', ['run', 'build'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args`, with `input` on stdin, colours off, and no terminal. */
export function runCli(args: readonly string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading everything (a usage error)
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh temp dir; removed by the returned function. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'longtrace-cli-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The non-empty lines of `text`, parsed as JSON. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

export const toJsonl = (rows: readonly unknown[]): string => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

/** A `longtrace-reward serve` child process, once it has printed its URL. */
export interface ServeChild {
  url: string;
  /** Everything written so far (read them after `exited` for the whole output). */
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
  stop: () => void;
}

/** Runs the built `serve` with these arguments and waits (15 s at most) for "listening on <url>". */
export async function startServe(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, [cliPath, 'serve', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m?.[1]) resolve(m[1]);
    });
    setTimeout(() => reject(new Error(`no URL after 15 s; stdout: ${stdout}; stderr: ${stderr}`)), 15_000);
  });
  return { url, output: () => ({ stdout, stderr }), exited, stop: () => child.kill('SIGTERM') };
}
