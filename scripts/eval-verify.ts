/**
 * Evaluates verifyAnswer against human / LLM-judge labels on four QA sets, next to the
 * SQuAD-EM and substring-EM baselines. Thresholds are reported, not enforced: the exit code
 * is 0 unless the data cannot be read (2) or the command line is wrong (1).
 *
 *   npm run eval:verify -- [--set NAME] [--data DIR] [--dump DIR] [--json] [--by-method] [--without RULE]… [--rules]
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DATA_ENV_VAR,
  DataError,
  EVAL_SET_NAMES,
  loadEvalSets,
  resolveDataDir,
  type EvalSet,
} from './eval/datasets.js';
import { writeDisagreements } from './eval/dump.js';
import { renderJson, renderMarkdown, type RunReport, type VerifierStatus } from './eval/report.js';
import { evaluateSet, type VerifyFn } from './eval/run.js';
import { ablate, renderAblation } from './eval/ablation.js';
import { verifyAnswer } from '../src/index.js';
import { verifierWithout } from '../src/verify/verify-answer.js';
import { RULE_NAMES } from '../src/verify/rules/index.js';

export type { Verdict, VerifyFn } from './eval/run.js';

const USAGE = `usage: tsx scripts/eval-verify.ts [options]

  --set NAME     run one set (${EVAL_SET_NAMES.join(', ')}; case-insensitive, a unique part is enough)
  --data DIR     data folder (default: $${DATA_ENV_VAR}, else ../shared/data next to the repo)
  --dump DIR     write <set>.disagreements.jsonl per set (pairs where verifyAnswer and the label differ)
  --json         machine-readable output
  --by-method    agreement broken down by verdict.method
  --without RULE run verifyAnswer with this rule switched off (repeatable; rules: ${RULE_NAMES.join(', ')})
  --rules        what each rule buys: every set scored without each rule in turn (slow: one run per rule)
  --help         this text`;

interface CliOptions {
  set: string | undefined;
  data: string | undefined;
  dump: string | undefined;
  json: boolean;
  byMethod: boolean;
  without: string[];
  rules: boolean;
  help: boolean;
}

class UsageError extends Error {
  override name = 'UsageError';
}

function parseCli(argv: readonly string[]): CliOptions {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        set: { type: 'string' },
        data: { type: 'string' },
        dump: { type: 'string' },
        json: { type: 'boolean', default: false },
        'by-method': { type: 'boolean', default: false },
        without: { type: 'string', multiple: true, default: [] },
        rules: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return {
      set: values.set,
      data: values.data,
      dump: values.dump,
      json: values.json,
      byMethod: values['by-method'],
      without: values.without,
      rules: values.rules,
      help: values.help,
    };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Case-insensitive: the full name, else a "-"-separated part of it ("nq", "tq", "r1"),
 * else a unique substring. A plain substring alone would make "tq" also hit "efficien(tq)a".
 */
function selectSetNames(query: string | undefined): readonly string[] {
  if (query === undefined) return EVAL_SET_NAMES;
  const wanted = query.toLowerCase();
  const tiers = [
    EVAL_SET_NAMES.filter((name) => name.toLowerCase() === wanted),
    EVAL_SET_NAMES.filter((name) => name.toLowerCase().split('-').includes(wanted)),
    EVAL_SET_NAMES.filter((name) => name.toLowerCase().includes(wanted)),
  ];
  const chosen = tiers.find((matches) => matches.length > 0) ?? [];
  if (chosen.length !== 1) {
    const found = chosen.length > 1 ? ` is ambiguous (${chosen.join(', ')})` : ' matches no set';
    throw new UsageError(`--set ${query}${found}; expected one of ${EVAL_SET_NAMES.join(', ')}`);
  }
  return chosen;
}

// ---------------------------------------------------------------------------
// The verifier under test

/** The library's verifyAnswer (less the rules in `without`), given the question so a long answer that restates it is not taken at its word. */
function importVerifier(without: readonly string[]): { verify: VerifyFn; status: VerifierStatus } {
  const verify = without.length === 0 ? verifyAnswer : verifierWithout(without);
  return {
    verify: (response, gold, question) => verify(response, gold, { question }),
    status: { available: true, detail: without.length === 0 ? 'verifyAnswer from src/index' : `verifyAnswer without rule(s) ${without.join(', ')}` },
  };
}

// ---------------------------------------------------------------------------

function writeDumps(dir: string, report: RunReport, sets: readonly EvalSet[], log: (line: string) => void): void {
  report.sets.forEach((result, index) => {
    const set = sets[index];
    if (set === undefined || result.verifier === undefined) return;
    const { path, count } = writeDisagreements(dir, set, result.verifier.outcomes);
    log(`dump: ${count} disagreement(s) for ${set.name} -> ${path}`);
  });
}

/**
 * Runs the evaluation and returns the exit code. Without `verify`, verifyAnswer is imported
 * from src/index.
 */
export async function main(verify?: VerifyFn, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const started = performance.now();
  let options: CliOptions;
  let names: readonly string[];
  try {
    options = parseCli(argv);
    names = selectSetNames(options.set);
    const unknown = options.without.filter((name) => !RULE_NAMES.includes(name));
    if (unknown.length > 0) throw new UsageError(`--without ${unknown.join(', ')}: no such rule; the rules are ${RULE_NAMES.join(', ')}`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
    return 1;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const loaded =
    verify === undefined
      ? importVerifier(options.without)
      : { verify, status: { available: true, detail: 'verifyAnswer passed to main()' } };

  let dataDir = '';
  let sets: EvalSet[];
  const loadStarted = performance.now();
  try {
    dataDir = resolveDataDir(options.data);
    sets = loadEvalSets(dataDir, names);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return 2;
  }
  const loadMs = performance.now() - loadStarted;

  if (options.rules) {
    const toVerifyFn = (without: readonly string[]): VerifyFn => importVerifier(without).verify;
    process.stdout.write(renderAblation(ablate(sets, RULE_NAMES, toVerifyFn)));
    return 0;
  }

  const results = sets.map((set) => evaluateSet(set, loaded.verify));
  const report: RunReport = {
    dataDir,
    verifier: loaded.status,
    sets: results,
    timings: {
      loadMs,
      baselinesMs: results.reduce((sum, result) => sum + result.baselineMs, 0),
      verifierMs: results.reduce((sum, result) => sum + (result.verifier?.elapsedMs ?? 0), 0),
      totalMs: performance.now() - started,
    },
  };

  process.stdout.write(options.json ? renderJson(report) : renderMarkdown(report, { byMethod: options.byMethod }));

  // Keep stdout parseable in --json mode.
  const log = (line: string): void => {
    (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  };
  if (options.dump !== undefined) {
    if (loaded.verify === undefined) log('dump: nothing written, verifyAnswer is not available');
    else writeDumps(options.dump, report, sets, log);
  }
  return 0;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(resolve(script)).href;
}

if (isEntryPoint()) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
