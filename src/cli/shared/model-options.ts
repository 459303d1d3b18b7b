// The flags of every command that calls a model (`--cache DIR`, `--no-cache`, `--max-calls`,
// `--max-tokens`), apart from the code that opens the model, so parsing a command line loads no client.
import type { Command } from 'commander';
import { z } from 'zod';
import { integerIn } from './options.js';

/** The zod fields of the model-run flags (spread into a command's options schema). */
export const modelRunFields = {
  cache: z.union([z.string().trim().min(1, 'expected a directory'), z.boolean()]).optional(),
  maxCalls: integerIn(1, Number.MAX_SAFE_INTEGER).optional(),
  maxTokens: integerIn(1, Number.MAX_SAFE_INTEGER).optional(),
};

/** The model-run options as parsed. */
export interface ModelRunOptions {
  cache?: string | boolean | undefined;
  maxCalls?: number | undefined;
  maxTokens?: number | undefined;
}

/** Adds `--cache DIR`, `--no-cache`, `--max-calls N` and `--max-tokens N` to `command`. */
export function addModelRunOptions(command: Command): Command {
  return command
    .option('--cache <dir>', 'where model replies are cached (default $XDG_CACHE_HOME/longtrace-reward/llm or ~/.cache/longtrace-reward/llm)')
    .option('--no-cache', 'do not read or write the reply cache')
    .option('--max-calls <n>', 'stop cleanly after this many model calls (cache hits are free); --resume continues')
    .option('--max-tokens <n>', "stop cleanly once the API's usage reports this many tokens; --resume continues");
}

