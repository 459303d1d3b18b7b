// The manifest of a `data build` run: what was asked (options, seed, tokenizer, format) and what came
// out (kept, dropped by reason, tokens). Written beside the rows; `data run` and the data report read it.
import type { BuildStats } from './build-row.js';
import type { TierSource } from './tiers.js';
import type { TrainingFormat } from './training-row.js';

/** What a run of `data build` wrote: options, seed, tokenizer and counts. Written beside the rows. */
export interface Manifest {
  tool: 'longtrace-reward data build';
  version: string;
  created: string;
  format: TrainingFormat;
  options: Record<string, unknown>;
  seed: number;
  tokenizer: string;
  tiers: TierSource | 'none';
  counts: { questions: number; kept: number; dropped: Record<string, number>; distractorsDropped: Record<string, number> };
  tokens: { min: number; max: number; mean: number; histogram: { upTo: number; rows: number }[] };
  /** `complete`: the rows are the whole output; otherwise the run stopped early (a signal, a budget) and `--resume` continues it. */
  status: RunStatus;
  /** Rows a resumed run found done in the partial file (counted in `counts`). */
  resumedRows?: number | undefined;
}

/** How a run ended: complete, or stopped early by a signal or a budget (the partial file is kept). */
export type RunStatus = 'complete' | 'interrupted' | 'budget';

/** What a manifest records besides the counts. */
export interface ManifestInput {
  version: string;
  format: TrainingFormat;
  options: Record<string, unknown>;
  seed: number;
  tokenizer: string;
  tiers: TierSource | 'none';
  /** @default now */
  created?: Date | undefined;
  /** @default 'complete' */
  status?: RunStatus | undefined;
  resumedRows?: number | undefined;
}

/** The manifest of a build from its settings and its counts. */
export function createManifest(input: ManifestInput, stats: BuildStats): Manifest {
  return {
    tool: 'longtrace-reward data build',
    version: input.version,
    created: (input.created ?? new Date()).toISOString(),
    format: input.format,
    options: input.options,
    seed: input.seed,
    tokenizer: input.tokenizer,
    tiers: input.tiers,
    counts: { questions: stats.questions, kept: stats.kept, dropped: stats.dropped, distractorsDropped: stats.distractorsDropped },
    tokens: stats.tokenSummary(),
    status: input.status ?? 'complete',
    ...(input.resumedRows !== undefined && input.resumedRows > 0 && { resumedRows: input.resumedRows }),
  };
}
