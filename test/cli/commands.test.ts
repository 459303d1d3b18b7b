// --help, --version, `demo` and `serve`, run as the built binary.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../../fixtures/index.js';
import { ensureBuilt, jsonLines, root, runCli, startServe } from './helpers.js';

beforeAll(() => ensureBuilt(), 240_000);

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('--help and --version', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      expect(await runCli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('lists the commands', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['score [options] [file]', 'demo [options]', 'serve [options]']) expect(run.stdout).toContain(command);
  });

  it.each([
    ['score', ['--eta', '--strategy', '--rubric-source', '--no-normalize-rubric', '--output', '--group-by', '--max-group-size', '--summary', '--top', '--no-progress']],
    ['demo', ['--eta', '--strategy', '--json']],
    ['serve', ['--host', '--port', '--workers', '--eta', '--strategy', '--body-limit', '--max-queue', '--body-timeout-ms', '--max-bytes-in-flight']],
  ])('%s --help lists its options', async (command, flags) => {
    const byFlag = await runCli([command, '--help']);
    const byHelp = await runCli(['help', command]);
    expect(byFlag.code).toBe(0);
    expect(byHelp.stdout).toBe(byFlag.stdout);
    expect(byFlag.stdout).toContain(`Usage: longtrace-reward ${command} [options]`);
    for (const flag of flags) expect(byFlag.stdout).toContain(flag);
  });
});

describe('demo', () => {
  it('scores every fixture, shows its question, and agrees with the expected results', async () => {
    const run = await runCli(['demo']);
    expect(run.code).toBe(0);
    const text = collapse(run.stdout);
    for (const f of fixtures) {
      expect(text).toContain(collapse(f.question));
      expect(text).toContain(f.id);
    }
    expect(text).not.toContain('differs from');
    expect(text).toContain(`${fixtures.filter((f) => f.expected.correct).length} of ${fixtures.length} answers correct`);
  });

  it('explains verdicts, chains and rewards in words', async () => {
    const { stdout } = await runCli(['demo']);
    expect(stdout).toMatch(/answer +✓ correct/);
    expect(stdout).toMatch(/answer +✗ wrong/);
    expect(stdout).toContain('= 0: a wrong answer earns nothing, whatever the chain');
    expect(stdout).toContain('= 0.7 × outcome 1 + 0.3 × recall');
  });

  it('prints JSONL in the format of score with --json', async () => {
    const run = await runCli(['demo', '--json']);
    expect(run.code).toBe(0);
    const out = jsonLines(run.stdout);
    expect(out.map((r) => r.id)).toEqual(fixtures.map((f) => f.id));
    out.forEach((r, i) => {
      const f = fixtures[i]!;
      expect(r).toMatchObject({ line: i + 1, correct: f.expected.correct, method: f.expected.method, hits: f.expected.hits });
      expect(r.reward).toBeCloseTo(f.expected.reward, 12);
    });
  });

  it('takes --strategy and --eta', async () => {
    const out = jsonLines((await runCli(['demo', '--json', '--strategy', 'mixed', '--eta', '0.5'])).stdout);
    const wrong = out.find((r) => r.correct === false)!;
    expect(wrong.reward).toBeCloseTo(0.5 * (wrong.recall as number), 12);
  });
});

describe('serve', () => {
  it('prints the URL, answers requests, and stops on SIGTERM with exit code 0', async () => {
    // workers 0: score in the main thread, so this does not depend on the worker bundle.
    const { url, exited, stop } = await startServe(['--port', '0', '--workers', '0']);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/evaluate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'Paris', extra_reward_info: { rubrics: ['France'] }, response: '<think>France</think> Paris' }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ reward: 1 });
    } finally {
      stop();
    }
    expect(await exited).toBe(0);
  }, 30_000);

  it('passes its limits to the service: a body that does not arrive within --body-timeout-ms gets 408', async () => {
    const { url, exited, stop } = await startServe(['--port', '0', '--workers', '0', '--body-timeout-ms', '200', '--max-queue', '4', '--body-limit', '512kb', '--max-bytes-in-flight', '1mb']);
    try {
      const { port } = new URL(url);
      const reply = await new Promise<string>((resolve, reject) => {
        let text = '';
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write('POST /evaluate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"label":');
        });
        socket.setEncoding('utf8').on('data', (d: string) => (text += d));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 408/);
      expect(reply).toContain('BODY_TIMEOUT');
    } finally {
      stop();
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
