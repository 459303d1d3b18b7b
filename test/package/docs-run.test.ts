// Runs the shell and Python blocks of README.md and docs/*.md as a reader would paste them.
// Shell blocks run in order, one scratch folder per doc that looks like a clone after
// `npm ci && npm run build` (the repository's files linked in, so what a block writes stays in the
// scratch folder). Python blocks run against a reward service started on a loopback port, whose
// URL they read from LONGTRACE_REWARD_URL; every global name a function of the block uses must
// be defined by the block (so a pasted function does not fail later on a missing import).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/helpers.js';
import { python, serve } from '../server/helpers.js';
import { allBlocks, kindOf, root, type DocBlock } from './doc-blocks.js';

const rootPath = fileURLToPath(root);
const blocks = allBlocks();
const shellDocs = [...new Set(blocks.filter((b) => kindOf(b) === 'shell').map((b) => b.doc))];
const pythonBlocks = blocks.filter((b) => kindOf(b) === 'python');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` with `args`, bounded in time; never rejects. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false' };
delete env.FORCE_COLOR;

/** Commands a shell block may not run here: they install, test, build or benchmark the whole project (CI runs what it needs). */
const INSTALLS = /\bnpm\s+(?:ci|i|install|test|t|start|pack|publish|run|run-script|exec)\b|\bgit\s+clone\b/;

const explain = (block: DocBlock, result: Run): string =>
  `${block.where} exited with ${result.code}\n--- block\n${block.code}\n--- stdout\n${result.stdout.slice(-2000)}\n--- stderr\n${result.stderr.slice(-2000)}`;

describe.runIf(shellDocs.length > 0)('shell blocks run as written in a built clone', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'longtrace-docs-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  beforeAll(ensureBuilt, 600_000);
  // For blocks that talk to the service: `curl "${LONGTRACE_REWARD_URL:-http://127.0.0.1:7248}/…"`.
  let url = '';
  beforeAll(async () => {
    ({ url } = await serve());
  });

  describe.each(shellDocs)('%s', (doc) => {
    // A clone of the repository, as links: a block's own files (rollouts.jsonl) land in `dir`.
    const dir = join(scratch, doc.replace(/\W/g, '_'));
    beforeAll(() => {
      mkdirSync(dir);
      // Not node_modules: dist/ resolves its dependencies through its real path, and npx finds
      // the package's own bin from package.json.
      for (const name of readdirSync(rootPath)) if (name !== '.git' && name !== 'node_modules') symlinkSync(join(rootPath, name), join(dir, name));
    });

    it.each(blocks.filter((b) => b.doc === doc && kindOf(b) === 'shell'))('$where', async (block) => {
      const installs = INSTALLS.exec(block.code);
      expect(installs, `${block.where} runs \`${installs?.[0]}\`: CI runs that itself; mark the block \`\`\`${block.lang} fragment`).toBeNull();
      const result = await run('bash', ['-e', '-o', 'pipefail', '-c', block.code], { cwd: dir, env: { ...env, LONGTRACE_REWARD_URL: url }, timeoutMs: 120_000 });
      expect(result.code, explain(block, result)).toBe(0);
    }, 150_000);
  });
});

// Runs a block as __main__, then lists the global names its functions (nested ones too) load that
// neither the block nor the builtins define: the names a pasted function would fail on when called.
const HARNESS = `
import builtins, dis, sys, types
source = open(sys.argv[1], encoding="utf-8").read()
code = compile(source, sys.argv[2], "exec")
namespace = {"__name__": "__main__"}
exec(code, namespace)
missing = set()
def walk(c):
    for ins in dis.get_instructions(c):
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and ins.argval not in namespace and not hasattr(builtins, ins.argval):
            missing.add(f"{c.co_name}: {ins.argval}")
    for const in c.co_consts:
        if isinstance(const, types.CodeType):
            walk(const)
walk(code)
if missing:
    sys.exit("undefined names (a missing import?): " + ", ".join(sorted(missing)))
`;

describe.runIf(python !== undefined && pythonBlocks.length > 0)('Python blocks run against a started service', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'longtrace-docs-py-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const harness = join(scratch, 'harness.py');
  writeFileSync(harness, HARNESS);
  let url = '';
  beforeAll(async () => {
    ({ url } = await serve());
  });

  it.each(pythonBlocks)('$where', async (block) => {
    const file = join(scratch, `${block.where.replace(/\W/g, '_')}.py`);
    writeFileSync(file, block.code);
    const result = await run(python!, [harness, file, block.where], { cwd: scratch, env: { ...env, LONGTRACE_REWARD_URL: url }, timeoutMs: 60_000 });
    expect(result.code, explain(block, result)).toBe(0);
  }, 90_000);
});
