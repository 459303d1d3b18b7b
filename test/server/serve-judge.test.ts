// `longtrace-reward serve` with a judge, run as the built binary: the flags, the key from
// LONGTRACE_JUDGE_API_KEY (sent to the judge, printed nowhere), and usage errors named by flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeChatServer, verdictReply } from '../judge/fake-chat-server.js';
import { ensureBuilt, runCli, startServe } from '../cli/helpers.js';
import { get, metric, post } from './helpers.js';

beforeAll(() => ensureBuilt(), 240_000);

const SECRET = 'sk-cli-7d1a-never-print-me';
const chat = await startFakeChatServer((r) => ({ reply: verdictReply(/uralic/i.test(r.answer), r.answer) }));
afterAll(() => chat.close());

describe('serve --judge-url --judge-model', () => {
  it('starts, asks the judge about an undecided answer with the key from the environment, and never prints the key', async () => {
    const { url, output, exited, stop } = await startServe(
      ['--port', '0', '--workers', '0', '--judge-url', chat.baseURL, '--judge-model', 'cli-judge', '--judge-retries', '0', '--judge-timeout-ms', '5000'],
      { LONGTRACE_JUDGE_API_KEY: SECRET },
    );
    try {
      const { status, body } = await post(`${url}/evaluate`, {
        label: 'Uralic languages',
        extra_reward_info: { rubrics: ['Finnish', 'Estonian', 'Uralic languages'], question: 'Finnish is part of which family?' },
        response: '<think>Finnish is close to Estonian.</think> The answer is Uralic.',
      });
      expect(status).toBe(200);
      expect(body.outcome_reward).toBe(1);
      expect(body.reward).toBeCloseTo(0.7 + 0.3 * (2 / 3), 12);
      expect(chat.received).toHaveLength(1);
      expect(chat.received[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(chat.received[0]!.body.model).toBe('cli-judge');
      const metrics = (await get(`${url}/metrics`)).body as string;
      expect(metric(metrics, 'longtrace_judge_calls_total')).toBe(1);
      expect(metrics).not.toContain(SECRET);
    } finally {
      stop();
    }
    expect(await exited).toBe(0);
    const { stdout, stderr } = output();
    expect(stderr).toContain('judge: cli-judge, cascade mode, on error: rules, API key from LONGTRACE_JUDGE_API_KEY');
    // The listening line names the judge; nothing names the key.
    expect(stdout).toContain('"judge":{"model":"cli-judge","mode":"cascade","onJudgeError":"rules"}');
    expect(stdout + stderr).not.toContain(SECRET);
  }, 30_000);

  it('--help lists the judge flags and the environment variable', async () => {
    const { code, stdout } = await runCli(['serve', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--judge-url', '--judge-model', '--judge-mode', '--judge-on-error', '--judge-timeout-ms', '--judge-deadline-ms', '--judge-concurrency', '--judge-retries', '--judge-cache-size', 'LONGTRACE_JUDGE_API_KEY']) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [['--judge-model', 'm'], 'option --judge-model: needs --judge-url'],
    [['--judge-on-error', 'throw'], 'option --judge-on-error: needs --judge-url'],
    [['--judge-url', 'http://127.0.0.1:1/v1'], 'option --judge-model: required with --judge-url'],
    [['--judge-url', 'http://127.0.0.1:1/v1', '--judge-model', 'm', '--judge-mode', 'sometimes'], 'option --judge-mode: expected one of cascade, judge, rules'],
    [['--judge-url', 'http://127.0.0.1:1/v1', '--judge-model', 'm', '--judge-concurrency', '0'], 'option --judge-concurrency: expected a whole number from 1 to 1024'],
    [['--judge-url', 'ftp://127.0.0.1/v1', '--judge-model', 'm'], 'option --judge-url: baseURL must be an http(s) URL'],
    [['--judge-url', `http://me:${SECRET}@127.0.0.1:1/v1`, '--judge-model', 'm'], 'option --judge-url: baseURL must not carry credentials; pass apiKey (put the key in LONGTRACE_JUDGE_API_KEY)'],
  ])('serve %j is a usage error: %s', async (args, message) => {
    const run = await runCli(['serve', '--port', '0', '--workers', '0', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain(SECRET);
  });
});
