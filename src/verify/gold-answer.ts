import { ValidationError } from '../errors.js';
import { tokenize } from '../text/index.js';

/** The gold answer: a string, `[canonical, ...aliases]`, or `{ answer, aliases? }`. */
export type GoldAnswer = string | readonly string[] | { answer: string; aliases?: readonly string[] | undefined };

/**
 * Validates a gold answer and returns its aliases, canonical first, trimmed and without
 * duplicates. Throws `ValidationError` (code `INVALID_GOLD_ANSWER`) naming the field.
 */
export function goldAliases(gold: unknown, path: (string | number)[] = ['answer']): string[] {
  const fail = (at: (string | number)[], code: string, message: string): never => {
    throw new ValidationError('INVALID_GOLD_ANSWER', [{ path: at, code, message }]);
  };
  let raw: unknown[];
  let rawPath: (string | number)[] = path;
  if (typeof gold === 'string') raw = [gold];
  else if (Array.isArray(gold)) raw = gold;
  else if (typeof gold === 'object' && gold !== null && 'answer' in gold) {
    const { answer, aliases } = gold as { answer: unknown; aliases?: unknown };
    if (typeof answer !== 'string') fail([...path, 'answer'], 'invalid_type', 'expected a string');
    if (aliases !== undefined && !Array.isArray(aliases)) fail([...path, 'aliases'], 'invalid_type', 'expected an array of strings');
    raw = [answer, ...((aliases as unknown[] | undefined) ?? [])];
    rawPath = [...path, 'aliases'];
  } else {
    return fail(path, 'invalid_type', 'expected a string, an array of strings, or { answer, aliases? }');
  }
  const out: string[] = [];
  // A set beside the list: 20,000 aliases must not cost 200 million comparisons.
  const seen = new Set<string>();
  raw.forEach((value, i) => {
    // For { answer, aliases }, index 0 is `answer` and the rest are `aliases[i - 1]`.
    const at = rawPath === path ? (Array.isArray(gold) ? [...path, i] : path) : i === 0 ? [...path, 'answer'] : [...rawPath, i - 1];
    if (typeof value !== 'string') fail(at, 'invalid_type', 'expected a string');
    const trimmed = (value as string).trim();
    if (trimmed !== '' && !seen.has(trimmed)) {
      seen.add(trimmed);
      out.push(trimmed);
    }
  });
  if (out.length === 0) fail(path, 'empty', 'the gold answer is empty');
  return out;
}

/** True when no alias of a (validated) gold has a word, number or symbol the tokenizer keeps: "!!!", "?". */
export function isWordlessGold(aliases: readonly string[]): boolean {
  return aliases.every((alias) => tokenize(alias).length === 0);
}
