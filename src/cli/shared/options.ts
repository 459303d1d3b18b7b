// Command-line options arrive as strings from commander; they are checked here with zod so that
// a bad value stops the run before any input is read, with a message naming the flag.
import { Option, type Command } from 'commander';
import { z } from 'zod';

/** A bad command line: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A number written in decimal (no hex, no `Infinity`, no empty string) between `min` and `max`. */
export function numberIn(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    // Trimmed first: a pattern that starts or ends with \s* around optional parts backtracks.
    const trimmed = text.trim();
    const value = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!(value >= min && value <= max)) {
      ctx.addIssue({ code: 'custom', message: `expected a number in [${min}, ${max}]` });
      return z.NEVER;
    }
    return value;
  });
}

/** A whole number between `min` and `max`. */
export function integerIn(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return value;
  });
}

/** A size in bytes, optionally with a `kb` / `mb` suffix (`1048576`, `512kb`, `10mb`). */
export function byteSize(max: number) {
  return z.string().transform((text, ctx) => {
    const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(text.trim());
    const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(m?.[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb'];
    const value = m ? Number(m[1]) * unit : Number.NaN;
    if (!(value >= 1 && value <= max)) {
      ctx.addIssue({ code: 'custom', message: `expected a size in bytes such as 1048576, 512kb or 10mb (at most ${max / 1024 / 1024}mb)` });
      return z.NEVER;
    }
    return value;
  });
}

/** One of `values`, with the list in the message when it is not. */
export function oneOf<const T extends string>(values: readonly T[]) {
  return z.string().transform((text, ctx) => {
    if (!(values as readonly string[]).includes(text)) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}` });
      return z.NEVER;
    }
    return text as T;
  });
}

export const SUMMARY_FORMATS = ['table', 'json', 'none'] as const;

/** The default `--seed` of the data commands (`data walk`, `data build`); `data demo` keeps its own (7): it shows one fixed run. */
export const DATA_DEFAULT_SEED = '0';
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];




/**
 * Parses `raw` with `schema`, or throws a `UsageError` naming the flag at fault, e.g.
 * `option --eta: expected a number in [0, 1], got "1.5"`. `flags` maps option keys to flags.
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, flags: Record<string, string>): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const flag = flags[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const got = raw[key];
    return `option ${flag}: ${issue.message}${typeof got === 'string' ? `, got ${JSON.stringify(got)}` : ''}`;
  });
  throw new UsageError(lines.join('\n'));
}

/** An option with a default shown as written (commander would quote a string default). */
export function withDefault(flags: string, description: string, value: string): Option {
  return new Option(flags, description).default(value, value);
}

/** Maps option keys (`rubricSource`) to their flags (`--rubric-source`), for messages. */
export function flagsOf(command: Command): Record<string, string> {
  return Object.fromEntries(command.options.map((o) => [o.attributeName(), o.long ?? o.flags]));
}

/** `0/8`: shard 0 of 8. */
export const shardSpec = z.string().transform((text, ctx) => {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && index >= 0 && index < count && count <= 1_000_000)) {
    ctx.addIssue({ code: 'custom', message: 'expected INDEX/COUNT with INDEX below COUNT (e.g. 0/8)' });
    return z.NEVER;
  }
  return { index, count };
});
