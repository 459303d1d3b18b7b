// The data embedded in a data-report page. Split for size: a small index (every row's question,
// chain, counts: what the charts, filters and search need) read at once, and the heavy parts (row
// bodies, document texts) in separate gzip+base64 parts read only when a row is drawn. Documents
// are stored once per page however many rows hold them (rows drawn from one corpus share many).
import type { MarkRange } from '../rollouts/layout.js';

/** The tiers a context document can have; `unknown` only for rows written before provenance recorded the document order. */
export const DOC_TIERS = ['gold', 'tier1', 'tier2', 'pool', 'unknown'] as const;
/** One of {@link DOC_TIERS}. */
export type DocTier = (typeof DOC_TIERS)[number];

/** What the index knows of one row: enough for the summary, the filters, the search and the row's header. */
export interface DataRowSummary {
  /** Input line number (1-based). */
  row: number;
  id: string;
  format: string;
  question: string;
  /** The canonical answer first, then its aliases. */
  answer: string[];
  /** Chain entity names in chain order (the rubric); `k` of a mark indexes this. */
  entities: string[];
  /** The walk's triples as labels: [subject, relation, object]. Empty when the question did not come from a walk. */
  path: [string, string, string][];
  /** The path's triples; without a path, the chain entities (each the answer of one hop, as in MuSiQue). */
  hops: number;
  tokens: number;
  budget: number;
  /** Where the distractor tiers came from: trajectory, bm25, none. */
  source: string;
  /** Documents per tier, indexed like {@link DOC_TIERS}. */
  tiers: number[];
  /** Where each gold document sits, 0 (first) … 1 (last). */
  depths: number[];
  /** Which row part holds this row's body. */
  part: number;
}

/** One context document of a row: `[doc index in the page's document table, tier index in DOC_TIERS, marks]`. */
export type DataRowDoc = [doc: number, tier: number, marks: MarkRange[]];

/** The heavy part of a row: the text around the documents and the documents in context order. */
export interface DataRowBody {
  /** The prompt before the first document (the instruction). */
  head: string;
  /** The prompt after the last document (the question). */
  tail: string;
  docs: DataRowDoc[];
}

/** A document in the page's table: its id and its block text (`title\ntext`, as in the prompt after `[Doc n] `). */
export type DataDoc = [id: string, text: string];

/** What the manifest of the build said; shown as charts. */
export interface DataReportManifest {
  questions: number;
  kept: number;
  dropped: Record<string, number>;
  distractorsDropped: Record<string, number>;
}

/** The page's index: everything but row bodies and document texts. */
export interface DataReportIndex {
  title: string;
  /** When the page was made, ISO 8601. */
  created: string;
  manifest?: DataReportManifest | undefined;
  /** Lines that were not shown: how many, and the first few with their reason. */
  skipped: { count: number; first: { line: number; message: string }[] };
  rows: DataRowSummary[];
  /** Number of row parts. */
  rowParts: number;
  /** Index in the document table of the first document of each document part. */
  docParts: number[];
}

/** A whole data report, ready to render: the index and the encoded parts. */
export interface DataReportData {
  index: DataReportIndex;
  /** Each part gzip+base64 of a `DataRowBody[]` (the rows of that part in order). */
  rowParts: string[];
  /** Each part gzip+base64 of a `DataDoc[]`. */
  docParts: string[];
  /** The order the parts stand in the page: each row part after the document parts its rows need. */
  sequence: ('rows' | 'docs')[];
}
