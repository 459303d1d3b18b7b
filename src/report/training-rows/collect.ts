// Training rows → the data a data-report page embeds. One row at a time (the caller streams the
// file): the row's parts come from `fromTrainingRow`, its prompt is cut back into document blocks,
// each block gets its id and tier from the provenance and its mentions of the chain entities from
// the entity matcher. Documents are kept once per page; full parts are encoded as they fill, so
// memory holds compressed text, not every row's prompt.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fromTrainingRow } from '../../data/index.js';
import { createEntityMatcher, type GoldEntity } from '../../entities/index.js';
import { LongtraceError } from '../../errors.js';
import { GoldEntitySchema, parseWith } from '../../schema.js';
import { goldAliases } from '../../verify/index.js';
import { encodeJson } from '../page.js';
import type { MarkRange } from '../rollouts/layout.js';
import { splitPrompt } from './split.js';
import {
  DOC_TIERS, type DataDoc, type DataReportData, type DataReportIndex, type DataReportManifest, type DataRowBody, type DataRowDoc, type DataRowSummary, type DocTier,
} from './types.js';

/** Options of a {@link DataReportCollector}. */
export interface DataReportOptions {
  title: string;
  /** @default now */
  created?: Date | undefined;
  /** Characters of row bodies / document texts per encoded part: the page decodes a part when a row in it is drawn. @default 256,000 */
  partChars?: number | undefined;
  /** How many skipped lines are listed with their reason (all are counted). @default 20 */
  listSkipped?: number | undefined;
}

/** What happened to one line: shown, or skipped with the reason. */
export type AddResult = { ok: true } | { ok: false; message: string };

const TIER_INDEX = new Map<DocTier, number>(DOC_TIERS.map((t, i) => [t, i]));
const ProvenanceTiers = ['gold', 'tier1', 'tier2', 'pool'] as const;
const EntitiesSchema = z.object({ entities: z.array(GoldEntitySchema) });
const ids = z.array(z.string());
const label = z.union([z.string(), z.number()]).optional();
/** The provenance fields the page reads; rows are input, so they are checked before use. */
const ProvenanceSchema = z.object({
  provenance: z.looseObject({
    id: z.union([z.string(), z.number()]).optional(),
    docs: z.looseObject({ gold: ids, tier1: ids, tier2: ids, pool: ids }),
    order: ids.optional(),
    goldPositions: z.array(z.number().int().nonnegative()),
    path: z.array(z.looseObject({ subject: label, relation: label, object: label, subjectLabel: label, relationLabel: label, objectLabel: label })).optional(),
    tokens: z.number().optional(),
    budgetTokens: z.number().optional(),
    tiers: z.string().optional(),
  }),
});
type CheckedProvenance = z.infer<typeof ProvenanceSchema>['provenance'];

/** The manifest fields the page shows, from a `data build` manifest; zod-checked (it is an input file). */
const ManifestSchema = z.looseObject({
  counts: z.looseObject({
    questions: z.number(),
    kept: z.number(),
    dropped: z.record(z.string(), z.number()),
    distractorsDropped: z.record(z.string(), z.number()).optional(),
  }),
});

/** The counts of a `data build` manifest (parsed JSON) the page shows; throws `ValidationError` naming the field when it is not one. */
export function readManifestCounts(value: unknown): DataReportManifest {
  const { counts } = parseWith(ManifestSchema, value);
  return { questions: counts.questions, kept: counts.kept, dropped: counts.dropped, distractorsDropped: counts.distractorsDropped ?? {} };
}

/** Where each document of a row's context came from: ids and tiers in context order. */
function documentsOf(provenance: CheckedProvenance, count: number): { id: string; tier: DocTier }[] {
  const tierOf = new Map<string, DocTier>();
  for (const tier of ProvenanceTiers) for (const id of provenance.docs[tier]) tierOf.set(id, tier);
  if (provenance.order !== undefined && provenance.order.length === count) {
    return provenance.order.map((id) => ({ id, tier: tierOf.get(id) ?? 'unknown' }));
  }
  // Rows written before `order`: the gold stands at goldPositions; the distractors keep their order
  // within a tier, so with one distractor tier the whole order is known; with several it is not.
  const out: { id: string; tier: DocTier }[] = Array.from({ length: count }, () => ({ id: '', tier: 'unknown' as DocTier }));
  provenance.goldPositions.forEach((p, i) => {
    const id = provenance.docs.gold[i];
    if (id !== undefined && out[p] !== undefined) out[p] = { id, tier: 'gold' };
  });
  const others = (['tier1', 'tier2', 'pool'] as const).filter((t) => provenance.docs[t].length > 0);
  if (others.length === 1) {
    const tier = others[0]!;
    const ids = provenance.docs[tier];
    let k = 0;
    for (const d of out) if (d.tier !== 'gold' && k < ids.length) Object.assign(d, { id: ids[k++]!, tier });
  }
  return out;
}

/** Collects training rows into a data report, one line at a time; `data()` gives the page's data. */
export class DataReportCollector {
  private readonly rows: DataRowSummary[] = [];
  private readonly skipped: { count: number; first: { line: number; message: string }[] } = { count: 0, first: [] };
  private manifest: DataReportManifest | undefined;
  private readonly partChars: number;
  private readonly listSkipped: number;
  private readonly created: Date;
  // Row bodies of the part being filled, and the parts done.
  private bodies: DataRowBody[] = [];
  private bodyChars = 0;
  private readonly rowParts: string[] = [];
  // The document table: key (id + digest of the text) → index; the part being filled, and the parts done.
  private readonly docIndex = new Map<string, number>();
  private docCount = 0;
  private docs: DataDoc[] = [];
  private docChars = 0;
  private readonly docParts: string[] = [];
  private readonly docPartStarts: number[] = [0];
  private readonly sequence: ('rows' | 'docs')[] = [];

  constructor(private readonly options: DataReportOptions) {
    this.partChars = options.partChars ?? 256_000;
    this.listSkipped = options.listSkipped ?? 20;
    this.created = options.created ?? new Date();
  }

  /** Shows the build's counts (dropped by reason) from its manifest. */
  setManifest(manifest: DataReportManifest): void {
    this.manifest = manifest;
  }

  /** Counts a line that is not shown, keeping the first few reasons. */
  skip(line: number, message: string): AddResult {
    this.skipped.count++;
    if (this.skipped.first.length < this.listSkipped) this.skipped.first.push({ line, message });
    return { ok: false, message };
  }

  /** Adds the row of input line `line` (1-based); a row that cannot be shown is skipped with its reason, never thrown. */
  add(raw: unknown, line: number): AddResult {
    const parts = fromTrainingRow(raw);
    if (parts === undefined) return this.skip(line, 'not a training row (slime, verl, openrlhf or native) with its provenance');
    const { prompt } = parts;
    if (parts.provenance === undefined) return this.skip(line, `a ${parts.format} row without provenance: rebuild it with data build`);
    if (typeof prompt !== 'string') return this.skip(line, `a ${parts.format} row without its prompt`);
    let answer: string[];
    let entities: GoldEntity[];
    let provenance: CheckedProvenance;
    try {
      answer = goldAliases(parts.answer);
      entities = parseWith(EntitiesSchema, { entities: parts.entities ?? [] }, 'INVALID_INPUT').entities;
      provenance = parseWith(ProvenanceSchema, { provenance: parts.provenance }, 'INVALID_INPUT').provenance;
    } catch (error) {
      if (LongtraceError.isInstance(error)) return this.skip(line, error.message);
      throw error;
    }
    const docs = provenance.docs;
    const count = ProvenanceTiers.reduce((s, t) => s + docs[t].length, 0);
    const cut = splitPrompt(prompt, count, parts.question);
    if (cut === undefined) return this.skip(line, `the prompt does not hold the ${count} document blocks ([Doc 1] … [Doc ${count}]) its provenance lists`);

    const matcher = createEntityMatcher(entities);
    // One matcher pass over every block: mentions come back with prompt offsets, in text order per entity.
    const hits = matcher.match(prompt, { ranges: cut.blocks.map(([start, end]) => ({ start, end })) });
    const marks: MarkRange[][] = cut.blocks.map(() => []);
    hits.forEach((hit, k) => {
      let b = 0;
      for (const m of hit.mentions) {
        while (b < cut.blocks.length && cut.blocks[b]![1] <= m.start) b++;
        const block = cut.blocks[b];
        if (block === undefined || m.start < block[0] || m.end > block[1]) continue;
        marks[b]!.push([m.start - block[0], m.end - block[0], k]);
      }
    });
    const placed = documentsOf(provenance, count);
    const tiers = DOC_TIERS.map(() => 0);
    const rowDocs: DataRowDoc[] = cut.blocks.map(([start, end], i) => {
      const { id, tier } = placed[i]!;
      const t = TIER_INDEX.get(tier)!;
      tiers[t]!++;
      return [this.document(id, prompt.slice(start, end)), t, marks[i]!.sort((a, b) => a[0] - b[0] || a[2] - b[2])];
    });
    const depths = placed.flatMap((d, i) => (d.tier === 'gold' ? [count <= 1 ? 0 : i / (count - 1)] : []));
    const path = (provenance.path ?? []).map((t): [string, string, string] => [
      String(t.subjectLabel ?? t.subject ?? ''), String(t.relationLabel ?? t.relation ?? ''), String(t.objectLabel ?? t.object ?? ''),
    ]);
    const names = matcher.entities.map((e) => e.name);
    this.rows.push({
      row: line, id: String(parts.id ?? provenance.id ?? ''), format: parts.format, question: parts.question ?? '', answer, entities: names, path,
      hops: path.length > 0 ? path.length : names.length,
      tokens: provenance.tokens ?? 0, budget: provenance.budgetTokens ?? 0, source: provenance.tiers ?? 'none',
      tiers, depths, part: this.rowParts.length,
    });
    this.bodies.push({ head: cut.head, tail: cut.tail, docs: rowDocs });
    // About the JSON's length: `[1234,3,[]],` per document, `[12,20,1],` per mark.
    this.bodyChars += cut.head.length + cut.tail.length + 12 * rowDocs.length + rowDocs.reduce((s, d) => s + 10 * d[2].length, 0);
    if (this.bodyChars >= this.partChars) this.flushRows();
    return { ok: true };
  }

  /** The index of a document in the page's table, adding it when new. */
  private document(id: string, text: string): number {
    // The same id with another text (two corpora, an edited document) is another entry. Keyed by a
    // digest, so the table's texts are held only until their part is encoded.
    const key = `${id}\u0000${createHash('sha1').update(text).digest('base64')}`;
    const known = this.docIndex.get(key);
    if (known !== undefined) return known;
    const index = this.docCount++;
    this.docIndex.set(key, index);
    this.docs.push([id, text]);
    this.docChars += text.length + id.length;
    if (this.docChars >= this.partChars) this.flushDocs();
    return index;
  }

  private flushRows(): void {
    if (this.bodies.length === 0) return;
    // Every document of these rows goes in a part before theirs: the page, read in order, can draw
    // a row as soon as its own part has been read.
    this.flushDocs();
    this.rowParts.push(encodeJson(this.bodies));
    this.sequence.push('rows');
    this.bodies = [];
    this.bodyChars = 0;
  }

  private flushDocs(): void {
    if (this.docs.length === 0) return;
    this.docParts.push(encodeJson(this.docs));
    this.sequence.push('docs');
    this.docs = [];
    this.docChars = 0;
    this.docPartStarts.push(this.docCount);
  }

  /** Rows shown so far. */
  get shown(): number {
    return this.rows.length;
  }

  /** Lines skipped so far. */
  get skippedCount(): number {
    return this.skipped.count;
  }

  /** The page's data: the index and every part; the collector takes no more rows after. */
  data(): DataReportData {
    this.flushRows();
    const index: DataReportIndex = {
      title: this.options.title,
      created: this.created.toISOString(),
      manifest: this.manifest,
      skipped: this.skipped,
      rows: this.rows,
      rowParts: this.rowParts.length,
      docParts: this.docPartStarts.slice(0, this.docParts.length),
    };
    return { index, rowParts: this.rowParts, docParts: this.docParts, sequence: this.sequence };
  }
}
