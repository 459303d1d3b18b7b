// The data embedded in a report page as JSON: plain, compact shapes (offsets as tuples) so that a
// 10,000-row file stays small and parses fast in the browser.
import type { MarkRange, UncountedRange } from './layout.js';

/** A chat message other than the assistant's, shown dimmed in place; `at` is where it stands in `text`. */
export interface ReportAside {
  role: string;
  text: string;
  at: number;
}

/** The verdict of the answer verifier, as in `Verdict`. */
export interface ReportVerdict {
  correct: boolean;
  method: string;
  extracted: string | null;
  matched: string | null;
}

/** A context document of a training row: its tier, its size, its title. */
export interface ReportDocument {
  tier: string;
  tokens: number;
  title: string;
}

/**
 * The context of a training row. From `context.documents`: every document, sized by its tokens.
 * From a `provenance` (what `data build` writes): one slot per document, gold where it stands, the
 * distractors unsized and untiered (the provenance lists their ids per tier, not their order).
 */
export interface ReportContext {
  documents: ReportDocument[];
  /** False when the documents' sizes are unknown (each slot counts 1). */
  sized: boolean;
  tokens?: number;
  budgetTokens?: number;
  /** Documents per tier. */
  tiers: Record<string, number>;
}

/** One scored rollout. */
export interface ReportRollout {
  /** Input line number (1-based). */
  row: number;
  id?: string | number;
  /** Index of the rollout's group in `ReportData.groups`. */
  group?: number;
  /** Index of its chain in `ReportData.chains`. */
  chain: number;
  /** The text the offsets point into: the response, or the joined assistant messages. */
  text: string;
  uncounted: UncountedRange[];
  marks: MarkRange[];
  /** The extracted final answer's place in `text`, when it stands there. */
  box: [number, number] | null;
  /** User, system and tool messages of a chat, shown dimmed where they stand. */
  asides?: ReportAside[];
  verdict: ReportVerdict;
  reward: number;
  advantage?: number;
  outcome: number;
  rubric: number;
  recall: number;
  gated: boolean;
  question?: string;
  context?: ReportContext;
}

/** One row that could not be scored: its line, its error, and what of it could be read. */
export interface ReportFailure {
  row: number;
  id?: string | number;
  group?: number;
  error: { code: string; message: string; path: string };
  question?: string;
  context?: ReportContext;
}

/** Everything a report page shows. */
export interface ReportData {
  title: string;
  /** When the report was made, ISO 8601. */
  created: string;
  /** Options the rows were scored with, as given on the command line. */
  options: Record<string, string | number | boolean>;
  /** Distinct chains: each the entity names in chain order. */
  chains: string[][];
  /** Group ids, as written in the rows. */
  groups: (string | number)[];
  rows: (ReportRollout | ReportFailure)[];
}
