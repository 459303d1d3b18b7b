// Bad rows and bad command lines, run as the built binary: every input line still gets exactly
// one output line, in order; a failed row is `{ id?, line, error: { code, message, path } }`;
// scoring goes on; the exit code is 1 for failed rows and 2 for a bad command line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, jsonLines, runCli, tempDir, toJsonl, type CliRun } from './helpers.js';

const ok = { answer: 'Paris', entities: ['France', 'Paris'], response: '<think>France: Paris.</think> Paris' };
const BAD_ROWS = [
  { id: 'ok-1', ...ok },
  '{"id": "broken", "answer": ',
  { id: 'no-answer', entities: ['France'], response: 'Paris' },
  '',
  { id: 3, answer: 'Paris', entities: 'France', response: 'Paris' },
  { id: 'empty-name', answer: 'Paris', entities: ['France', { name: ' ' }], response: 'Paris' },
  { answer: 'Paris', entities: ['France'], response: 42 },
  { label: 'Paris', extra_reward_info: { rubrics: ['France', ''] }, response: 'Paris' },
  { label: 'Paris', history: [{ role: 'user', content: 'Capital of France?' }] },
  { answer: 'Paris', entities: ['France'], response: 'Paris', messages: [] },
  '   ',
  [1, 2],
  { id: 'bad-group', group: { q: 1 }, ...ok },
  { id: 'ok-2', ...ok },
];

let dir: string;
let cleanup: () => void;
let run: CliRun;

beforeAll(async () => {
  await ensureBuilt();
  ({ dir, cleanup } = tempDir());
  const file = join(dir, 'bad.jsonl');
  writeFileSync(file, toJsonl(BAD_ROWS));
  run = await runCli(['score', file, '--summary', 'json']);
}, 240_000);
afterAll(() => cleanup());

describe('score: bad rows', () => {
  it('writes one line per input line, in order, and exits 1', () => {
    expect(run.code).toBe(1);
    const out = jsonLines(run.stdout);
    expect(out).toHaveLength(BAD_ROWS.length);
    expect(out.map((r) => r.line)).toEqual(BAD_ROWS.map((_, i) => i + 1));
  });

  it('goes on scoring after a failed row', () => {
    const out = jsonLines(run.stdout);
    expect(out[0]).toMatchObject({ id: 'ok-1', reward: 1, correct: true });
    expect(out.at(-1)).toMatchObject({ id: 'ok-2', reward: 1, correct: true });
  });

  it('describes each failure with a code, a message that starts with the path, and the path', () => {
    const errors = jsonLines(run.stdout).slice(1, -1);
    expect(errors).toMatchInlineSnapshot(`
      [
        {
          "error": {
            "code": "INVALID_JSON",
            "message": "malformed JSON: Unexpected end of JSON input",
            "path": "",
          },
          "line": 2,
        },
        {
          "error": {
            "code": "INVALID_INPUT",
            "message": "answer: required field is missing",
            "path": "answer",
          },
          "id": "no-answer",
          "line": 3,
        },
        {
          "error": {
            "code": "EMPTY_LINE",
            "message": "blank line: expected a JSON object",
            "path": "",
          },
          "line": 4,
        },
        {
          "error": {
            "code": "INVALID_INPUT",
            "message": "entities: expected array, received string",
            "path": "entities",
          },
          "id": 3,
          "line": 5,
        },
        {
          "error": {
            "code": "INVALID_ENTITY",
            "message": "entities[1].name: entity name is empty",
            "path": "entities[1].name",
          },
          "id": "empty-name",
          "line": 6,
        },
        {
          "error": {
            "code": "INVALID_INPUT",
            "message": "response: expected string, received number",
            "path": "response",
          },
          "line": 7,
        },
        {
          "error": {
            "code": "INVALID_ENTITY",
            "message": "extra_reward_info.rubrics[1]: entity name is empty",
            "path": "extra_reward_info.rubrics[1]",
          },
          "line": 8,
        },
        {
          "error": {
            "code": "INVALID_INPUT",
            "message": "history[0]: the last message of history must be the assistant's",
            "path": "history[0]",
          },
          "line": 9,
        },
        {
          "error": {
            "code": "INVALID_INPUT",
            "message": "response: give exactly one of response (a string) or messages (an array)",
            "path": "response",
          },
          "line": 10,
        },
        {
          "error": {
            "code": "EMPTY_LINE",
            "message": "blank line: expected a JSON object",
            "path": "",
          },
          "line": 11,
        },
        {
          "error": {
            "code": "INVALID_INPUT",
            "message": "expected object, received array",
            "path": "",
          },
          "line": 12,
        },
        {
          "error": {
            "code": "INVALID_INPUT",
            "message": "group: expected a string or a number (the group id), got object",
            "path": "group",
          },
          "id": "bad-group",
          "line": 13,
        },
      ]
    `);
  });

  it('counts the failures per code in the summary', () => {
    expect(JSON.parse(run.stderr)).toMatchObject({
      rows: 14,
      scored: 2,
      errors: 12,
      errorCodes: { INVALID_INPUT: 7, INVALID_ENTITY: 2, EMPTY_LINE: 2, INVALID_JSON: 1 },
    });
  });

  it('names the failures in the summary table', async () => {
    const table = await runCli(['score'], { input: toJsonl(BAD_ROWS) });
    expect(table.code).toBe(1);
    expect(table.stderr).toMatch(/rows +14 +\(2 scored, 12 errors: INVALID_INPUT 7, EMPTY_LINE 2, INVALID_ENTITY 2, INVALID_JSON 1\)/);
  });
});

describe('bad command lines exit 2 and name the option', () => {
  it.each([
    [['score', '--eta', '1.5'], 'option --eta: expected a number in [0, 1], got "1.5"'],
    [['score', '--eta', 'abc'], 'option --eta: expected a number in [0, 1], got "abc"'],
    [['score', '--strategy', 'greedy'], 'option --strategy: expected one of positive-only, mixed, negative-only, outcome-only, got "greedy"'],
    [['score', '--rubric-source', 'thoughts'], 'option --rubric-source: expected one of reasoning, content, all, got "thoughts"'],
    [['score', '--summary', 'yaml'], 'option --summary: expected one of table, json, none, got "yaml"'],
    [['score', '--top', '-3'], 'option --top: expected a whole number from 0 to 1000, got "-3"'],
    [['score', '--max-group-size', '0'], 'option --max-group-size: expected a whole number from 1 to 1000000, got "0"'],
    [['demo', '--strategy', 'x'], 'option --strategy: expected one of positive-only, mixed, negative-only, outcome-only, got "x"'],
    [['serve', '--port', '70000'], 'option --port: expected a whole number from 0 to 65535, got "70000"'],
    [['serve', '--body-limit', 'lots'], 'option --body-limit: expected a size in bytes such as 1048576, 512kb or 10mb'],
    [['serve', '--max-queue', '-1'], 'option --max-queue: expected a whole number from 0 to 10000000, got "-1"'],
    [['serve', '--body-timeout-ms', 'soon'], 'option --body-timeout-ms: expected a whole number from 0 to 3600000, got "soon"'],
    [['serve', '--max-bytes-in-flight', '0'], 'option --max-bytes-in-flight: expected a size in bytes such as 1048576, 512kb or 10mb'],
    [['score', '--frobnicate'], "error: unknown option '--frobnicate'"],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [['score', 'no-such-file.jsonl'], 'error: cannot read no-such-file.jsonl: no such file'],
  ])('%j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });

  it('refuses to write the output over the input', async () => {
    const file = join(dir, 'same.jsonl');
    writeFileSync(file, toJsonl([ok]));
    const result = await runCli(['score', file, '-o', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('option --output: the output file is the input file');
  });

  it('shows the help on stderr and exits 2 when no command is given', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: longtrace-reward [options] [command]');
  });
});
