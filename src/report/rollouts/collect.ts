// Gathers what a report shows from the rows `score` parses and scores (src/cli/score-row.ts) and
// the records its grouper emits (src/cli/grouper.ts): the text and offsets come from the row, the
// group's reward and advantage from the record. Rows wait here only until their record arrives.
import { z } from 'zod';
import type { ErrorRecord, OutputRecord, ScoredRecord } from '../../rows/grouper.js';
import type { Row } from '../../rows/score-row.js';
import { extractFinalAnswer, splitMessages, splitResponse, type ChatMessage, type RewardInput, type Span, type SplitOptions } from '../../index.js';
import { fromTrainingRow } from '../../data/from-training-row.js';
import { DEFAULT_EXCLUDED_BLOCKS, type ExcludedBlock } from '../../response/index.js';
import type { MarkRange, UncountedRange } from './layout.js';
import type { ReportAside, ReportContext, ReportData, ReportDocument, ReportFailure, ReportRollout } from './types.js';

type Scored = Extract<Row, { kind: 'scored' }>;
type Pending =
  | { kind: 'scored'; rollout: Omit<ReportRollout, 'reward' | 'advantage' | 'rubric' | 'recall' | 'outcome' | 'gated'> }
  | { kind: 'error'; failure: Omit<ReportFailure, 'error'> };

// A training row's context (what `data build` writes): read if present, ignored if not this shape.
const DocumentsSchema = z.array(
  z.looseObject({
    tier: z.string(),
    tokens: z.number().nonnegative(),
    title: z.string().optional(),
    id: z.union([z.string(), z.number()]).optional(),
  }),
);

/** Options of `ReportCollector`. */
export interface CollectorOptions {
  /** The page title. @default 'longtrace-reward report' */
  title?: string;
  /** The scoring options, shown in the page header. @default {} */
  options?: Record<string, string | number | boolean>;
}

/** Builds a report's data from scored rows and their output records, in input order. */
export class ReportCollector {
  private readonly pending = new Map<number, Pending>();
  private readonly rows: (ReportRollout | ReportFailure)[] = [];
  private readonly chains: string[][] = [];
  private readonly chainIndex = new Map<string, number>();
  private readonly groups: (string | number)[] = [];
  private lastGroupKey: string | undefined;

  constructor(private readonly options: CollectorOptions = {}) {}

  /** Takes a row as `scoreLine` returns it (with `keepInput`); its record follows through `record`. */
  add(row: Row): void {
    // Consecutive rows with one group id are one group, as the grouper sees them.
    let group: number | undefined;
    if (row.group === undefined) {
      if (row.kind === 'scored') this.lastGroupKey = undefined;
    } else {
      if (row.group.key !== this.lastGroupKey) this.groups.push(row.group.value);
      this.lastGroupKey = row.group.key;
      group = this.groups.length - 1;
    }
    const head = { row: row.line, ...(row.id !== undefined && { id: row.id }), ...(group !== undefined && { group }) };
    const extra = readExtras(row.raw);
    if (row.kind === 'error' || row.input === undefined) {
      this.pending.set(row.line, { kind: 'error', failure: { ...head, ...extra } });
      return;
    }
    const names = row.result.rubricDetail.entities.map((e) => e.name);
    const key = JSON.stringify(names);
    let chain = this.chainIndex.get(key);
    if (chain === undefined) {
      chain = this.chains.push(names) - 1;
      this.chainIndex.set(key, chain);
    }
    this.pending.set(row.line, { kind: 'scored', rollout: { ...head, chain, ...extra, ...layoutOf(row, row.input) } });
  }

  /** Takes the output record of a row given to `add` before. */
  record(record: OutputRecord): void {
    const pending = this.pending.get(record.line);
    this.pending.delete(record.line);
    if ('error' in record) {
      const failure = pending?.kind === 'error' ? pending.failure : { row: record.line };
      this.rows.push({ ...failure, error: (record as ErrorRecord).error });
      return;
    }
    if (pending?.kind !== 'scored') return;
    const r = record as ScoredRecord;
    this.rows.push({
      ...pending.rollout,
      reward: r.reward,
      ...(r.advantage !== undefined && { advantage: r.advantage }),
      outcome: r.outcome,
      rubric: r.rubric,
      recall: r.recall,
      gated: r.gated,
    });
  }

  /** The report's data: every row recorded so far. */
  data(): ReportData {
    return {
      title: this.options.title ?? 'longtrace-reward report',
      created: new Date().toISOString(),
      options: this.options.options ?? {},
      chains: this.chains,
      groups: this.groups,
      rows: this.rows,
    };
  }
}

// `data build`'s provenance: document ids per tier, gold positions, tokens (slime puts it under
// `metadata`, verl under `extra_info`, native and OpenRLHF rows at the top).
const ProvenanceSchema = z.looseObject({
  docs: z.record(z.string(), z.array(z.unknown())),
  goldPositions: z.array(z.number().int().nonnegative()),
  tokens: z.number().nonnegative().optional(),
  budgetTokens: z.number().nonnegative().optional(),
});

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function readExtras(raw: unknown): { question?: string; context?: ReportContext } {
  const fields = record(raw);
  if (fields === undefined) return {};
  const metadata = record(fields.metadata);
  const extraInfo = record(fields.extra_info);
  const question = [fields.question, record(fields.extra_reward_info)?.question, record(metadata?.extra_reward_info)?.question, extraInfo?.question]
    .find((q): q is string => typeof q === 'string');
  const context = contextOf(fields, metadata, extraInfo);
  return { ...(question !== undefined && { question }), ...(context !== undefined && { context }) };
}

function contextOf(
  fields: Record<string, unknown>,
  metadata: Record<string, unknown> | undefined,
  extraInfo: Record<string, unknown> | undefined,
): ReportContext | undefined {
  const listed = DocumentsSchema.safeParse(record(fields.context)?.documents);
  if (listed.success) {
    const documents = listed.data.map((d) => ({ tier: d.tier, tokens: d.tokens, title: d.title ?? (d.id === undefined ? '' : String(d.id)) }));
    const tokens = documents.reduce((sum, d) => sum + d.tokens, 0);
    return { documents, sized: true, tokens, tiers: tierCounts(documents) };
  }
  // Where each trainer format keeps the provenance is the data layer's to know (fromTrainingRow).
  const found = fromTrainingRow(fields)?.provenance ?? fields.provenance ?? metadata?.provenance ?? extraInfo?.provenance;
  const provenance = ProvenanceSchema.safeParse(found);
  if (!provenance.success) return undefined;
  const p = provenance.data;
  const count = Object.values(p.docs).reduce((sum, ids) => sum + ids.length, 0);
  const gold = new Set(p.goldPositions.filter((i) => i < count));
  const documents = Array.from({ length: count }, (_, i) => ({ tier: gold.has(i) ? 'gold' : 'distractor', tokens: 1, title: '' }));
  const tiers = Object.fromEntries(Object.entries(p.docs).map(([tier, ids]) => [tier, ids.length]));
  return {
    documents,
    sized: false,
    ...(p.tokens !== undefined && { tokens: p.tokens }),
    ...(p.budgetTokens !== undefined && { budgetTokens: p.budgetTokens }),
    tiers,
  };
}

function tierCounts(documents: readonly ReportDocument[]): Record<string, number> {
  const tiers: Record<string, number> = {};
  for (const d of documents) tiers[d.tier] = (tiers[d.tier] ?? 0) + 1;
  return tiers;
}

/** The text of a scored row with what the page draws on it. */
function layoutOf(row: Scored, input: RewardInput): Pick<ReportRollout, 'text' | 'uncounted' | 'marks' | 'box' | 'asides' | 'verdict'> {
  const split = row.options.split;
  const { verdict, rubricDetail } = row.result;
  let text: string;
  let parts: { reasoning: Span[]; content: Span[] };
  let box: [number, number] | null = null;
  let asides: ReportAside[] | undefined;
  if (typeof input.response === 'string') {
    text = input.response;
    parts = splitResponse(text, split);
    const found = verdict.extracted === null ? null : extractFinalAnswer(text, split);
    if (found !== null && found.text === verdict.extracted) box = [found.start, found.end];
  } else {
    const messages = input.messages ?? [];
    const joined = splitMessages(messages, split);
    text = joined.text;
    parts = joined;
    const placed = placeMessages(messages, text);
    asides = placed.asides;
    const last = messages[messages.length - 1];
    if (verdict.extracted !== null && placed.lastContent !== undefined && last?.role === 'assistant' && typeof last.content === 'string') {
      const found = extractFinalAnswer(last.content, split);
      if (found !== null && found.text === verdict.extracted) box = [placed.lastContent + found.start, placed.lastContent + found.end];
    }
  }
  const source = row.options.rubricSource ?? 'all';
  const counted = source === 'reasoning' ? parts.reasoning : source === 'content' ? parts.content : [...parts.reasoning, ...parts.content];
  const marks: MarkRange[] = [];
  rubricDetail.entities.forEach((entity, i) => {
    for (const m of entity.mentions) marks.push([m.start, m.end, i]);
  });
  marks.sort((a, b) => a[0] - b[0]);
  return {
    text,
    uncounted: uncountedRanges(text, counted, split),
    marks,
    box,
    ...(asides !== undefined && asides.length > 0 && { asides }),
    verdict: { correct: verdict.correct, method: verdict.method, extracted: verdict.extracted, matched: verdict.matched },
  };
}

/**
 * Where the messages that are not the assistant's stand in the joined assistant text, and where
 * the last message's content starts in it. The join is `splitMessages`'s: reasoning_content then
 * content of each assistant message, non-empty parts separated by "\n\n".
 */
function placeMessages(messages: readonly ChatMessage[], text: string): { asides: ReportAside[]; lastContent?: number } {
  const asides: ReportAside[] = [];
  let length = 0;
  let lastContent: number | undefined;
  messages.forEach((m, i) => {
    if (m.role !== 'assistant') {
      if (typeof m.content === 'string' && m.content !== '') asides.push({ role: m.role, text: m.content, at: length });
      return;
    }
    for (const [part, isContent] of [[m.reasoning_content, false], [m.content, true]] as const) {
      if (typeof part !== 'string' || part === '') continue;
      if (length > 0) length += 2;
      if (isContent && i === messages.length - 1) lastContent = length;
      length += part.length;
    }
  });
  // Should the join ever change, draw no asides rather than misplaced ones.
  if (length !== text.length) return { asides: [] };
  return { asides, ...(lastContent !== undefined && { lastContent }) };
}

/**
 * The parts of `text` outside the counted spans: retrieved-document blocks (kind 1) found by their
 * markers, as the splitter found them; everything else uncounted (tags, or a part the rubric
 * source leaves out) is kind 2. Blank gaps are left out: there is nothing to dim.
 */
export function uncountedRanges(text: string, counted: readonly Span[], split?: SplitOptions): UncountedRange[] {
  const blocks: readonly ExcludedBlock[] = split?.exclude === false ? [] : (split?.exclude ?? DEFAULT_EXCLUDED_BLOCKS);
  const spans = [...counted].sort((a, b) => a.start - b.start);
  const out: UncountedRange[] = [];
  const gap = (from: number, to: number) => {
    let at = from;
    while (at < to) {
      // The earliest block opening in the gap; the splitter treats a block as opaque to its close.
      let open = -1;
      let block: ExcludedBlock | undefined;
      for (const b of blocks) {
        const i = text.indexOf(b.open, at);
        if (i !== -1 && i < to && (open === -1 || i < open || (i === open && b.open.length > (block?.open.length ?? 0)))) {
          open = i;
          block = b;
        }
      }
      if (block === undefined) {
        push(at, to, 2);
        return;
      }
      push(at, open, 2);
      const close = text.indexOf(block.close, open + block.open.length);
      const end = close === -1 || close + block.close.length > to ? to : close + block.close.length;
      push(open, end, 1);
      at = end;
    }
  };
  const push = (start: number, end: number, kind: 1 | 2) => {
    if (end > start && text.slice(start, end).trim() !== '') out.push([start, end, kind]);
  };
  let at = 0;
  for (const s of spans) {
    if (s.start > at) gap(at, s.start);
    at = Math.max(at, s.end);
  }
  if (text.length > at) gap(at, text.length);
  return out;
}
