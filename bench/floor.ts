/**
 * What one pass over a 130 KB trace costs in JavaScript on this machine, whatever the matcher does:
 * the floor under `rubricReward`. Each loop is the minimum and the median of its calls, all loops
 * interleaved call by call in one process (the same loop can run 2× slower in another process on a
 * shared host, so compare lines of one run only). See docs/benchmarks.md, "What was tried in the
 * fourth session".
 *
 *   npx tsx bench/floor.ts [scenario, default real] [rounds, default 400]
 */
import { allScenarios } from './scenarios.js';

const id = process.argv[2] ?? 'real';
const rounds = Number(process.argv[3] ?? 400);
const scenario = allScenarios().find((s) => s.id === id);
if (scenario === undefined) {
  console.error(`no scenario "${id}" (have: ${allScenarios().map((s) => s.id).join(', ')})`);
  process.exit(2);
}
const text = scenario.response;

// Folded ASCII letters and digits; 0 for anything else (the matcher's ASCII_FOLD, standing alone).
const FOLD = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) FOLD[c] = c;
for (let c = 97; c <= 122; c++) FOLD[c] = c;
for (let c = 65; c <= 90; c++) FOLD[c] = c | 32;
// First letter pairs of a few start words, and a 4 KB hash prefilter, as the matcher has them.
const PAIRS = new Uint8Array(128 * 128);
for (const w of ['conservative', 'tory', 'tories', 'boris', 'johnson', 'alexander', 'henley', 'jeremy', 'corbyn', 'oxfordshire']) {
  PAIRS[(w.charCodeAt(0) << 7) | w.charCodeAt(1)] = 1;
}
const PREFILTER = new Uint8Array(4096);
// Stop table for the branch-light pass: a one-character word, or a start pair, right after a non-word.
const STOPS = new Uint8Array(128 * 128);
for (let a = 1; a < 128; a++) if (FOLD[a] === a) STOPS[a << 7] = 1;
for (let k = 0; k < PAIRS.length; k++) if (PAIRS[k] === 1) STOPS[k] = 1;
const TRIGGERS = new Uint8Array(65536).fill(1, 128);
TRIGGERS[39] = 1;
const BYTES = new Uint8Array(text.length * 3);
const encoder = new TextEncoder();

function barePass(t: string): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) n += t.charCodeAt(i) & 1;
  return n;
}

function hashEveryWord(t: string): number {
  let n = 0;
  let i = 0;
  const to = t.length;
  while (i < to) {
    let g = FOLD[t.charCodeAt(i)]!;
    if (g === 0) {
      i++;
      continue;
    }
    let h = 0;
    do {
      h = (Math.imul(h, 31) + g) | 0;
      g = ++i < to ? FOLD[t.charCodeAt(i)]! : 0;
    } while (g !== 0);
    n += PREFILTER[h & 0xfff]!;
  }
  return n;
}

function skipByPair(t: string): number {
  let n = 0;
  let i = 0;
  const to = t.length;
  while (i < to) {
    const g = FOLD[t.charCodeAt(i)]!;
    if (g === 0) {
      i++;
      continue;
    }
    const g2 = i + 1 < to ? FOLD[t.charCodeAt(i + 1)]! : 0;
    n += PAIRS[(g << 7) | g2]!;
    i += 2;
    while (i < to && FOLD[t.charCodeAt(i)] !== 0) i++;
  }
  return n;
}

function branchLight(t: string): number {
  let n = 0;
  let prev = 0;
  let lone = 1;
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    const g = FOLD[c]!;
    if (((lone & STOPS[(prev << 7) | g]!) | TRIGGERS[c]!) !== 0) n++;
    lone = prev === 0 ? 1 : 0;
    prev = g;
  }
  return n;
}

function utf8Encode(t: string): number {
  return encoder.encodeInto(t, BYTES).written;
}

function utf8BarePass(t: string): number {
  const written = encoder.encodeInto(t, BYTES).written;
  let n = 0;
  for (let i = 0; i < written; i++) n += BYTES[i]! & 1;
  return n;
}

function utf8BranchLight(t: string): number {
  const written = encoder.encodeInto(t, BYTES).written;
  let n = 0;
  let prev = 0;
  let lone = 1;
  for (let k = 0; k < written; k++) {
    const c = BYTES[k]!;
    const g = FOLD[c]!;
    if (((lone & STOPS[(prev << 7) | g]!) | (c >= 0xc0 || c === 39 ? 1 : 0)) !== 0) n++;
    lone = prev === 0 ? 1 : 0;
    prev = g;
  }
  return n;
}

const START_WORDS = /[Cc]onservative|[Tt]or(?:y|ies)|[Bb]oris|[Jj]ohnson|[Aa]lexander|[Hh]enley|[Jj]eremy|[Cc]orbyn|[Oo]xfordshire/g;
function regexStartWords(t: string): number {
  START_WORDS.lastIndex = 0;
  let n = 0;
  while (START_WORDS.test(t)) n++;
  return n;
}

const NON_ASCII = /[^\0-\x7f]/g;
function regexNonAscii(t: string): number {
  NON_ASCII.lastIndex = 0;
  let n = 0;
  while (NON_ASCII.test(t)) n++;
  return n;
}

// The matcher's whole stop rule as one regex: a start word or a one-character word at a word start,
// a digit, a word running into an apostrophe or a non-ASCII character, `$`, `&`, non-ASCII.
const STOP_RULE =
  /(?<![A-Za-z0-9])(?:(?=(?:[Cc]onservatives?|[Tt]or(?:y|ies)|[Bb]oris|[Jj]ohnson|[Aa]lexander|[Hh]enley|[Jj]eremy|[Cc]orbyn|[Oo]xfordshire)(?![A-Za-z0-9]))[A-Za-z]|[A-Za-z0-9](?![A-Za-z0-9])|\d)|[A-Za-z0-9](?=['`\x80-\uffff])|[$&\x80-\uffff]/g;
function regexStopRule(t: string): number {
  STOP_RULE.lastIndex = 0;
  let n = 0;
  while (STOP_RULE.test(t)) n++;
  return n;
}

const LOWER = text.toLowerCase();
function indexOfOneWord(): number {
  let n = 0;
  for (let i = LOWER.indexOf('johnson'); i >= 0; i = LOWER.indexOf('johnson', i + 1)) n++;
  return n;
}

function lowerCase(t: string): number {
  return t.toLowerCase().length;
}

const loops: Record<string, (t: string) => number> = {
  'bare charCodeAt pass': barePass,
  'hash every word': hashEveryWord,
  'skip words by first pair': skipByPair,
  'branch-light, one table read per char': branchLight,
  'UTF-8 encodeInto only': utf8Encode,
  'UTF-8 bare pass (with encoding)': utf8BarePass,
  'UTF-8 branch-light (with encoding)': utf8BranchLight,
  'regex: start words as one alternation': regexStartWords,
  'regex: non-ASCII characters': regexNonAscii,
  'regex: the whole stop rule': regexStopRule,
  'indexOf: one start word, lower-cased text': indexOfOneWord,
  'toLowerCase()': lowerCase,
};
const times = new Map<string, number[]>(Object.keys(loops).map((name) => [name, []]));
for (let round = 0; round < rounds + 50; round++) {
  for (const [name, loop] of Object.entries(loops)) {
    const start = performance.now();
    loop(text);
    if (round >= 50) times.get(name)!.push(performance.now() - start);
  }
}
const at = (sorted: number[], q: number): string => sorted[Math.floor(q * (sorted.length - 1))]!.toFixed(3);
console.log(`${id}: ${text.length} UTF-16 units, ${rounds} rounds; ms min / median`);
for (const [name, samples] of times) {
  const sorted = samples.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(40)} ${at(sorted, 0)} / ${at(sorted, 0.5)}`);
}
