/**
 * Checks the entity matcher on MuSiQue: every hop answer (the last hop with the question's
 * answer aliases too) is searched in its own supporting paragraph, where it should be found
 * whenever it plainly appears, and in the other paragraphs of the question, which shows how often
 * a gold entity is also mentioned in distractors.
 *
 * "Appears" is decided independently of the tokenizer: a case-insensitive, accent-folded substring
 * on word boundaries. Every answer that appears but is not found is listed with the reason.
 * Exit code 0, or 2 when the data cannot be read.
 *
 *   npx tsx scripts/eval-musique.ts        (data: $LONGTRACE_DATA, else ../shared/data next to the repo)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createEntityMatcher } from '../src/entities/index.js';
import type { GoldEntity } from '../src/entities/index.js';
import { F_PRE_BREAK, F_PRE_PERIOD, tokenize } from '../src/text/index.js';

const DATA_ENV_VAR = 'LONGTRACE_DATA';
const FILE = join('hipporag', 'musique_train.json');

interface Paragraph {
  idx: number;
  title: string;
  paragraph_text: string;
  is_supporting: boolean;
}

interface Hop {
  question: string;
  answer: string;
  paragraph_support_idx: number | null;
}

interface Question {
  id: string;
  question: string;
  answer: string;
  answer_aliases: string[];
  question_decomposition: Hop[];
  paragraphs: Paragraph[];
}

class DataError extends Error {
  override name = 'DataError';
}

// ---------------------------------------------------------------------------------------------
// Data

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new DataError(`no package.json found at or above ${start}`);
  }
}

function dataDir(): string {
  const fromEnv = process.env[DATA_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return resolve(findRepoRoot(dirname(fileURLToPath(import.meta.url))), '..', 'shared', 'data');
}

function loadQuestions(path: string): Question[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DataError(`cannot read ${path}: ${(error as Error).message}\n  set ${DATA_ENV_VAR}=DIR (the folder that holds hipporag/)`);
  }
  if (!Array.isArray(parsed)) throw new DataError(`${path}: expected an array of questions`);
  return parsed.map((row: unknown, i) => {
    const q = row as Partial<Question>;
    if (typeof q?.answer !== 'string' || !Array.isArray(q.question_decomposition) || !Array.isArray(q.paragraphs)) {
      throw new DataError(`${path}: row ${i} lacks answer, question_decomposition or paragraphs`);
    }
    return { ...q, answer_aliases: Array.isArray(q.answer_aliases) ? q.answer_aliases : [] } as Question;
  });
}

// ---------------------------------------------------------------------------------------------
// The independent "appears" check: no tokenizer, only Unicode folding and a boundary regex.

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u201c\u201d]/g, '"');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where the folded `alias` stands in the folded `text` as whole words, or -1. */
function appearsAt(text: string, alias: string): number {
  const needle = fold(alias).trim();
  if (needle === '') return -1;
  const match = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'u').exec(fold(text));
  return match === null ? -1 : match.index;
}

// ---------------------------------------------------------------------------------------------
// Why a matcher missed an answer that appears: compare the keys of the alias with those of the
// text where it appears.

function explainMiss(text: string, alias: string): string {
  const at = appearsAt(text, alias);
  // Folding keeps lengths for nearly all text; the window is generous in case it does not.
  const from = Math.max(0, at - 5);
  const window = text.slice(from, from + alias.length + 12);
  const aliasKeys = tokenize(alias).map((t) => t.key);
  const textTokens = tokenize(window);
  const textKeys = textTokens.map((t) => t.key);
  const breakAt = textTokens.findIndex((t, k) => k > 0 && (t.flags & (F_PRE_BREAK | F_PRE_PERIOD)) !== 0);
  const why =
    breakAt > 0 && breakAt < aliasKeys.length
      ? 'a sentence break inside the name'
      : textKeys.join(' ').includes(aliasKeys.join(' '))
        ? 'keys agree: matcher rule (case, article, window)'
        : 'keys differ';
  return `${why}: alias [${aliasKeys.join(' ')}] vs text [${textKeys.join(' ')}] in "${window.replace(/\s+/g, ' ')}"`;
}

// ---------------------------------------------------------------------------------------------

interface Miss {
  question: string;
  hop: number;
  answer: string;
  reason: string;
}

function pct(n: number, d: number): string {
  return d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`;
}

function main(): number {
  const path = join(dataDir(), FILE);
  let questions: Question[];
  try {
    questions = loadQuestions(path);
  } catch (error) {
    if (error instanceof DataError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  let hops = 0;
  let noSupport = 0;
  let supportAppears = 0;
  let supportFound = 0;
  let supportFoundAll = 0; // found, whether or not the plain check sees it
  let foundNotAppears = 0;
  let pairs = 0; // (hop answer, non-supporting paragraph)
  let pairsMentioned = 0;
  let pairsAppear = 0;
  let hopsMentionedElsewhere = 0;
  const misses: Miss[] = [];
  const extra: string[] = [];
  const extraElsewhere: string[] = [];
  const absent: string[] = [];
  let matchMs = 0;

  for (const q of questions) {
    const byIdx = new Map(q.paragraphs.map((p) => [p.idx, p]));
    q.question_decomposition.forEach((hop, k) => {
      hops++;
      const last = k === q.question_decomposition.length - 1;
      const aliases = last ? [q.answer, ...q.answer_aliases].filter((a) => a.trim() !== '' && a !== hop.answer) : [];
      const entity: GoldEntity = { name: hop.answer, aliases };
      const names = [hop.answer, ...aliases];
      const matcher = createEntityMatcher([entity]);
      const support = hop.paragraph_support_idx === null ? undefined : byIdx.get(hop.paragraph_support_idx);
      if (support === undefined) {
        noSupport++;
        return;
      }

      const t0 = performance.now();
      const [hit] = matcher.match(support.paragraph_text);
      matchMs += performance.now() - t0;
      const appearing = names.filter((a) => appearsAt(support.paragraph_text, a) >= 0);
      if (hit!.found) supportFoundAll++;
      if (appearing.length > 0) {
        supportAppears++;
        if (hit!.found) supportFound++;
        else {
          misses.push({ question: String(q.id), hop: k + 1, answer: names.join(' | '), reason: explainMiss(support.paragraph_text, appearing[0]!) });
        }
      } else if (hit!.found) {
        foundNotAppears++;
        if (extra.length < 15) extra.push(`${names.join(' | ')} ← "${hit!.mentions[0]!.text}" (${hit!.mentions[0]!.how})`);
      } else {
        absent.push(`q ${q.id} hop ${k + 1}: ${names.join(' | ')} — not in "${support.title}": ${support.paragraph_text.slice(0, 160)}…`);
      }

      let elsewhere = false;
      for (const p of q.paragraphs) {
        if (p.idx === support.idx) continue;
        pairs++;
        const t1 = performance.now();
        const [other] = matcher.match(p.paragraph_text);
        matchMs += performance.now() - t1;
        const plain = names.some((a) => appearsAt(p.paragraph_text, a) >= 0);
        if (other!.found) {
          pairsMentioned++;
          elsewhere = true;
          if (!plain) extraElsewhere.push(`${names.join(' | ')} ← "${other!.mentions[0]!.text}" (${other!.mentions[0]!.how})`);
        }
        if (plain) pairsAppear++;
      }
      if (elsewhere) hopsMentionedElsewhere++;
    });
  }

  const withSupport = hops - noSupport;
  console.log(`# Entity matcher on MuSiQue (${questions.length} questions, ${hops} hop answers)\n`);
  console.log(`data: ${path}\n`);
  console.log('| measure | count | share |');
  console.log('| --- | ---: | ---: |');
  console.log(`| hop answers with a supporting paragraph | ${withSupport} / ${hops} | ${pct(withSupport, hops)} |`);
  console.log(`| appear in their supporting paragraph (plain check) | ${supportAppears} / ${withSupport} | ${pct(supportAppears, withSupport)} |`);
  console.log(`| **found there, of those that appear** | **${supportFound} / ${supportAppears}** | **${pct(supportFound, supportAppears)}** |`);
  console.log(`| found in the supporting paragraph (any spelling) | ${supportFoundAll} / ${withSupport} | ${pct(supportFoundAll, withSupport)} |`);
  console.log(`| found though the plain check does not see them | ${foundNotAppears} | |`);
  console.log(`| hop answers mentioned in some non-supporting paragraph | ${hopsMentionedElsewhere} / ${withSupport} | ${pct(hopsMentionedElsewhere, withSupport)} |`);
  console.log(`| (answer, non-supporting paragraph) pairs: found | ${pairsMentioned} / ${pairs} | ${pct(pairsMentioned, pairs)} |`);
  console.log(`| (answer, non-supporting paragraph) pairs: plain check | ${pairsAppear} / ${pairs} | ${pct(pairsAppear, pairs)} |`);
  console.log(`\nmatching time: ${matchMs.toFixed(1)} ms for ${withSupport + pairs} paragraph searches`);

  console.log(`\n## Misses (appear in the supporting paragraph, not found): ${misses.length}\n`);
  for (const m of misses) console.log(`- q ${m.question} hop ${m.hop}: ${m.answer} — ${m.reason}`);
  if (absent.length > 0) {
    console.log(`\n## Neither found nor seen by the plain check in the supporting paragraph: ${absent.length}\n`);
    for (const a of absent) console.log(`- ${a}`);
  }
  if (extra.length > 0) {
    console.log('\n## Found in the supporting paragraph, though the plain check does not see them (first 15)\n');
    for (const e of extra) console.log(`- ${e}`);
  }
  if (extraElsewhere.length > 0) {
    console.log(`\n## Found in a non-supporting paragraph, though the plain check does not see them: ${extraElsewhere.length}\n`);
    for (const e of extraElsewhere.slice(0, 40)) console.log(`- ${e}`);
  }
  return 0;
}

process.exitCode = main();
