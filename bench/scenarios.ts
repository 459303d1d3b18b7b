/**
 * The texts and gold lists the benchmarks run on. The generated trace needs nothing outside the
 * repository; the real Qwen3 trace is built only when the tts-knowledge outputs sit next to the
 * checkout (../shared/data, or BENCH_REAL_TRACE pointing at the JSONL file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GoldAnswer, GoldEntity } from '../src/index.js';
import { generateTrace } from './trace.js';

export interface Scenario {
  id: string;
  title: string;
  /** Where the text comes from, for the report. */
  source: string;
  response: string;
  /** The final answer section (after `</think>`), for verifyAnswer alone. */
  final: string;
  answer: GoldAnswer;
  entities: GoldEntity[];
}

const here = dirname(fileURLToPath(import.meta.url));
/** 130 KB, the size the issue asks for: a long Qwen3 / R1 thinking trace is 30–40k tokens. */
export const TRACE_BYTES = 130_000;

const SMETANA: GoldEntity = { name: 'Bedřich Smetana', aliases: ['Smetana', 'Friedrich Smetana'] };
const MA_VLAST: GoldEntity = { name: 'Má vlast', aliases: ['My Homeland', 'My Country', 'Ma vlast'] };
const VLTAVA: GoldEntity = { name: 'Vltava', aliases: ['The Moldau', 'Moldau', 'Die Moldau'] };
const PRAGUE: GoldEntity = { name: 'Prague', aliases: ['Praha', 'Prag'] };
const MELNIK: GoldEntity = { name: 'Mělník', aliases: ['Melnik'] };
const ELBE: GoldEntity = { name: 'Elbe', aliases: ['Labe', 'Elbe River'] };
const ELBE_ANSWER: GoldAnswer = ['Elbe', 'Labe', 'Elbe River'];

/** The generated trace, built once: both synthetic scenarios read the same text. */
let generated: ReturnType<typeof generateTrace> | undefined;
export function syntheticTrace(): ReturnType<typeof generateTrace> {
  generated ??= generateTrace({ bytes: TRACE_BYTES });
  return generated;
}

/** (1) Six word entities, each with aliases (accented names, German and Czech forms). */
export function wordsScenario(): Scenario {
  const trace = syntheticTrace();
  return {
    id: 'words',
    title: '6 word entities with aliases',
    source: `generated trace (seed 20250601), ${trace.bytes} bytes`,
    response: trace.response,
    final: trace.final,
    answer: ELBE_ANSWER,
    entities: [SMETANA, MA_VLAST, VLTAVA, PRAGUE, MELNIK, ELBE],
  };
}

/**
 * (2) The same text, with a year and a full date among the six entities: numeric gold switches
 * on number and date recognition, so every number in the trace is read as a possible match.
 */
export function numericScenario(): Scenario {
  const trace = syntheticTrace();
  return {
    id: 'numeric',
    title: '6 entities, 2 numeric (a year, a full date)',
    source: `generated trace (seed 20250601), ${trace.bytes} bytes`,
    response: trace.response,
    final: trace.final,
    answer: ELBE_ANSWER,
    entities: [SMETANA, VLTAVA, '1874', { name: '12 May 1884', aliases: ['May 12, 1884'] }, PRAGUE, ELBE],
  };
}

/** Where the real Qwen3 outputs are looked for. */
export function realTracePath(): string {
  return process.env.BENCH_REAL_TRACE ?? resolve(here, '../../shared/data/tts-knowledge/outputs/Qwen3-14B_frames_exd0.jsonl');
}

/** The gold of the first FRAMES question in the file: its chain, with the aliases a grader would accept. */
const ELECTION: GoldEntity = { name: '2019 United Kingdom general election', aliases: ['2019 general election', '2019 UK general election'] };
const CONSERVATIVES: GoldEntity = { name: 'Conservative Party', aliases: ['Conservatives', 'Tories', 'Tory party'] };
const JOHNSON: GoldEntity = { name: 'Boris Johnson', aliases: ['Johnson', 'Alexander Boris de Pfeffel Johnson'] };
const HENLEY: GoldEntity = { name: 'Henley', aliases: ['Henley-on-Thames'] };
const CORBYN: GoldEntity = { name: 'Jeremy Corbyn', aliases: ['Corbyn'] };
const OXFORDSHIRE: GoldEntity = { name: 'Oxfordshire' };
const MAY: GoldEntity = { name: 'Theresa May', aliases: ['May'] };

let realText: { response: string; final: string; thoughts: number; bytes: number } | null | undefined;

/**
 * Qwen3-14B thoughts on FRAMES questions, concatenated in file order up to 130 KB (the last one
 * cut), in one `<think>` block; null when the file is absent. The other questions' thoughts are
 * realistic filler with their own names, numbers and dates.
 */
function realTrace(): { response: string; final: string; thoughts: number; bytes: number } | null {
  if (realText !== undefined) return realText;
  const path = realTracePath();
  if (!existsSync(path)) return (realText = null);
  const encoder = new TextEncoder();
  const thoughts: string[] = [];
  let bytes = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { thought?: unknown };
    if (typeof row.thought !== 'string') continue;
    let thought = row.thought.replace(/^\s*<think>\s*/, '').replace(/\s*<\/think>\s*$/, '');
    const room = TRACE_BYTES - 200 - bytes;
    if (encoder.encode(thought).length + 2 > room) {
      // Cut on a code point (Array.from), not inside a surrogate pair.
      const chars = Array.from(thought);
      while (chars.length > 0 && encoder.encode(chars.join('')).length + 2 > room) chars.length = Math.floor(chars.length * 0.98);
      thought = chars.join('');
    }
    thoughts.push(thought);
    bytes += encoder.encode(thought).length + 2;
    if (bytes >= TRACE_BYTES - 250) break;
  }
  if (thoughts.length === 0) return (realText = null);
  const final = '\n\n**Final answer:** \\boxed{Boris Johnson}';
  const response = `<think>\n${thoughts.join('\n\n')}\n</think>${final}`;
  return (realText = { response, final, thoughts: thoughts.length, bytes: encoder.encode(response).length });
}

/**
 * (3) Real text, with the first question's chain (2019 UK general election → Conservative Party
 * leader → MP for Henley). Its first entity starts with a year, which, like numeric gold, turns on
 * number and date recognition. Undefined when the file is absent.
 */
export function realScenario(): Scenario | undefined {
  const trace = realTrace();
  if (trace === null) return undefined;
  return {
    id: 'real',
    title: 'real Qwen3-14B trace, 6 entities with aliases (one starts with a year)',
    source: `Qwen3-14B_frames_exd0.jsonl, ${trace.thoughts} thoughts, ${trace.bytes} bytes`,
    response: trace.response,
    final: trace.final,
    answer: ['Boris Johnson', 'Johnson'],
    entities: [ELECTION, CONSERVATIVES, JOHNSON, HENLEY, CORBYN, OXFORDSHIRE],
  };
}

/** (3b) The same real text with six word entities only: the election swapped for Theresa May. */
export function realWordsScenario(): Scenario | undefined {
  const trace = realTrace();
  if (trace === null) return undefined;
  return {
    id: 'real-words',
    title: 'real Qwen3-14B trace, 6 word entities with aliases',
    source: `Qwen3-14B_frames_exd0.jsonl, ${trace.thoughts} thoughts, ${trace.bytes} bytes`,
    response: trace.response,
    final: trace.final,
    answer: ['Boris Johnson', 'Johnson'],
    entities: [MAY, CONSERVATIVES, JOHNSON, HENLEY, CORBYN, OXFORDSHIRE],
  };
}

/** Every scenario available on this machine, in report order. */
export function allScenarios(): Scenario[] {
  const real = [realScenario(), realWordsScenario()].filter((s): s is Scenario => s !== undefined);
  return [wordsScenario(), numericScenario(), ...real];
}

/** The gold entities as the reference rubric takes them: each a list of forms, name first. */
export function referenceEntities(entities: readonly GoldEntity[]): string[][] {
  return entities.map((e) => (typeof e === 'string' ? [e] : [e.name, ...(e.aliases ?? [])]));
}

/** Loads the built package; `npm run bench` builds it first. */
export async function loadLibrary(): Promise<typeof import('../src/index.js')> {
  const entry = resolve(here, '../dist/index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (or \`npm run bench\`, which builds) first`);
  // A computed specifier: the typecheck of a fresh clone (no dist/ yet) must not resolve it.
  const url = pathToFileURL(entry).href;
  return (await import(url)) as typeof import('../src/index.js');
}
