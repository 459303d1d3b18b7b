import { LRUCache } from 'lru-cache';
import { createEntityMatcher, type EntityMatcher } from '../entities/index.js';
import { ARTICLES, tokenize, type Token } from '../text/index.js';

/** What a gold alias is, which decides the rules it is compared by. */
export type GoldKind = 'choice' | 'yes-no' | 'number' | 'date' | 'text';

/** One gold alias, prepared once per question. */
export interface PreparedAlias {
  text: string;
  kind: GoldKind;
  tokens: Token[];
  /** Token keys without a leading article. */
  keys: string[];
  /** Keys without stop words, plural-folded: what partial overlaps are counted on. */
  content: string[];
  /** For `choice`: the letter, upper-case. For `yes-no`: 'yes' or 'no'. */
  label?: string;
}

/** The gold side of a comparison, compiled once per question and cached. */
export interface CompiledGold {
  aliases: PreparedAlias[];
  /** One entity per alias, so a mention tells which alias it matched. */
  matcher: EntityMatcher;
}

/** Words that carry no content when overlaps are counted. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'by', 'with', 'from', 'as', 'is',
  'was', 'are', 'were', 'be', 'been', 'it', 'its', 'this', 'that', 'which', 'who', 'what', 'his', 'her',
  'their', 'he', 'she', 'they', 'i', 'we', 'you', 'answer', 'final',
]);

const YES = new Set(['yes', 'true', 'correct', 'yeah', 'yep']);
const NO = new Set(['no', 'false', 'incorrect', 'nope']);

/** Folds a plural ending so "languages" meets "language" ("cities" → "city"). */
export function stem(key: string): string {
  if (key.length < 4 || key.includes(':')) return key;
  if (key.endsWith('ies') && key.length > 4) return `${key.slice(0, -3)}y`;
  if (key.endsWith('s') && !key.endsWith('ss') && !key.endsWith('us') && !key.endsWith('is')) return key.slice(0, -1);
  return key;
}

/** Keys of tokens without a leading article. */
export function keysOf(tokens: readonly Token[]): string[] {
  const keys = tokens.map((t) => t.key);
  return keys.length > 1 && ARTICLES.has(keys[0]!) ? keys.slice(1) : keys;
}

/** Content keys: no stop words, plurals folded. */
export function contentOf(keys: readonly string[]): string[] {
  return keys.filter((k) => !STOP_WORDS.has(k)).map(stem);
}

function prepare(text: string): PreparedAlias {
  const tokens = tokenize(text);
  const keys = keysOf(tokens);
  const alias: PreparedAlias = { text, kind: 'text', tokens, keys, content: contentOf(keys) };
  const letter = /^\(?([A-Ja-j])\)?[.)]?$/.exec(text.trim());
  if (letter !== null) {
    alias.kind = 'choice';
    alias.label = letter[1]!.toUpperCase();
  } else if (keys.length === 1 && (YES.has(keys[0]!) || NO.has(keys[0]!))) {
    alias.kind = 'yes-no';
    alias.label = YES.has(keys[0]!) ? 'yes' : 'no';
  } else if (tokens.length === 1 && tokens[0]!.kind === 'num') alias.kind = 'number';
  else if (tokens.length === 1 && tokens[0]!.kind === 'date') alias.kind = 'date';
  return alias;
}

// Questions repeat across the 8+ rollouts of a group and across epochs: compile each gold once.
const cache = new LRUCache<string, CompiledGold>({ max: 2048 });

/** Compiles (or fetches from the cache) the gold side for these aliases. */
export function compileGold(aliases: readonly string[]): CompiledGold {
  const cacheKey = aliases.join('\u0000');
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit;
  const prepared = aliases.map(prepare).filter((a) => a.tokens.length > 0);
  const compiled: CompiledGold = {
    aliases: prepared,
    matcher: createEntityMatcher(prepared.map((a) => a.text), { acronymCase: false }),
  };
  cache.set(cacheKey, compiled);
  return compiled;
}
