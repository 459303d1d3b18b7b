// Loads a knowledge graph from TSV, JSONL, N-Triples or an (async) iterable of triples. Files are
// streamed line by line (gzip too), so a dump larger than memory as text still loads when its
// edges fit as integers: each edge costs 12 bytes while loading and 16 once built.
import { InputError, MAX_LINE_CHARS, readLines } from '../io/index.js';
import { ValidationError } from '../errors.js';
import { normalizeText } from '../text/index.js';
import { GraphError } from './graph-error.js';
import { KnowledgeGraph, type GraphLoadStats } from './knowledge-graph.js';
import type { Triple } from './types.js';

/** A label record: an entity id, its label and optional aliases. */
export interface EntityLabel {
  id: string;
  label: string;
  aliases?: string[] | undefined;
}

/** A relation label record, e.g. `{ id: 'P17', label: 'country' }`. */
export interface RelationLabel {
  id: string;
  label: string;
}

/** The formats a graph file can be in. */
export type GraphFormat = 'tsv' | 'jsonl' | 'ntriples';

export interface LoadGraphOptions {
  /**
   * Entity labels: a JSONL file of `{ id, label, aliases? }` (or of Wikidata entities, `labels` and
   * `aliases` by language), a `.json` file keyed by id (`{ "Q64": { "label": "Berlin" } }`) or an
   * array, or an iterable. Without them an id is its own label.
   */
  labels?: string | Iterable<EntityLabel> | AsyncIterable<EntityLabel> | undefined;
  /** Relation labels, in the shapes `labels` takes: CoDEx's `relations.json` (`{ "P17": { "label": "country", … } }`) as it is. */
  relations?: string | Iterable<RelationLabel> | AsyncIterable<RelationLabel> | undefined;
  /**
   * What a malformed line does: stop with a `GraphError` naming file and line, or be skipped and counted in `stats.skipped`.
   * @default 'throw'
   */
  onInvalid?: 'throw' | 'skip' | undefined;
  /**
   * The file format; by default from the extension (`.tsv`/`.txt`, `.jsonl`/`.ndjson`, `.nt`, each optionally `.gz`).
   * @default from the file name
   */
  format?: GraphFormat | undefined;
  /**
   * N-Triples: keep statements whose object is a literal, as edges to an entity named by the literal's text.
   * @default false
   */
  literals?: boolean | undefined;
  /**
   * N-Triples: `'local'` keeps the last segment of an IRI (`…/entity/Q64` → `Q64`, `…/prop/direct/P17` → `P17`); `'full'` keeps it whole.
   * @default 'local'
   */
  iri?: 'local' | 'full' | undefined;
  /**
   * The language of labels to keep: of N-Triples `rdfs:label`, `schema:name`, `skos:prefLabel` and `skos:altLabel` statements, and of Wikidata entities' `labels` and `aliases`.
   * @default 'en'
   */
  language?: string | undefined;
  /**
   * Most distinct entity ids; more is a `GraphError` (never skipped). The default is the most one V8 `Map` holds.
   * @default 16777216
   */
  maxEntities?: number | undefined;
}

/** The most entries a V8 `Map` holds (2^24): past it, `Map.set` throws "Map maximum size exceeded". */
export const MAX_ENTITIES = 16_777_216;

const LABEL_PREDICATES = new Set([
  'http://www.w3.org/2000/01/rdf-schema#label',
  'http://schema.org/name',
  'http://www.w3.org/2004/02/skos/core#prefLabel',
]);
const ALIAS_PREDICATE = 'http://www.w3.org/2004/02/skos/core#altLabel';
const ITERABLE = '(iterable)';

/**
 * Loads a knowledge graph, streamed: triples from a `.tsv`, `.jsonl` or `.nt` file (optionally
 * gzipped) or an (async) iterable, then labels and relation labels.
 * @example
 * const graph = await loadGraph('graph.tsv', { labels: 'labels.jsonl', relations: 'relations.jsonl' });
 */
export async function loadGraph(
  source: string | Iterable<Triple> | AsyncIterable<Triple>,
  options: LoadGraphOptions = {},
): Promise<KnowledgeGraph> {
  const config = checkOptions(options);
  const builder = new GraphBuilder(config.maxEntities);
  if (typeof source === 'string') {
    const format = config.format ?? formatOf(source);
    const parse = format === 'tsv' ? parseTsv : format === 'jsonl' ? parseJsonl : parseNTriples;
    await eachLine(source, (line, n) => {
      builder.stats.lines++;
      if (isBlank(line)) return;
      // The decoder reads invalid UTF-8 as U+FFFD: kept, and counted.
      if (line.includes('\uFFFD')) builder.stats.odd.invalidUtf8++;
      try {
        parse(line, builder, config);
      } catch (error) {
        if (error instanceof CapacityError) throw new GraphError(source, n, error.message);
        if (!(error instanceof LineError)) throw error;
        if (config.onInvalid === 'skip') builder.stats.skipped++;
        else throw new GraphError(source, n, error.message);
      }
    });
  } else if (isIterable(source) || isAsyncIterable(source)) {
    let n = 0;
    for await (const item of source as AsyncIterable<unknown>) {
      n++;
      builder.stats.lines++;
      const triple = asTriple(item);
      if (typeof triple === 'string') {
        if (config.onInvalid === 'skip') builder.stats.skipped++;
        else throw new GraphError(ITERABLE, n, triple);
        continue;
      }
      try {
        builder.add(triple.subject, triple.relation, triple.object);
      } catch (error) {
        if (error instanceof CapacityError) throw new GraphError(ITERABLE, n, error.message);
        throw error;
      }
    }
  } else {
    throw new ValidationError('INVALID_INPUT', [{ path: ['source'], code: 'invalid_type', message: 'source must be a file path or an (async) iterable of { subject, relation, object }' }]);
  }
  if (options.labels !== undefined) await readLabels(options.labels, builder, config);
  if (options.relations !== undefined) await readRelations(options.relations, builder, config);
  return builder.build(options.labels !== undefined || builder.pendingLabels.size > 0);
}

interface Config {
  onInvalid: 'throw' | 'skip';
  format: GraphFormat | undefined;
  literals: boolean;
  iri: 'local' | 'full';
  language: string;
  maxEntities: number;
}

function checkOptions(options: LoadGraphOptions): Config {
  const issues: { path: string[]; code: string; message: string }[] = [];
  if (options.onInvalid !== undefined && options.onInvalid !== 'throw' && options.onInvalid !== 'skip') {
    issues.push({ path: ['onInvalid'], code: 'invalid_enum', message: `onInvalid must be 'throw' or 'skip', got ${String(options.onInvalid)}` });
  }
  if (options.format !== undefined && !['tsv', 'jsonl', 'ntriples'].includes(options.format)) {
    issues.push({ path: ['format'], code: 'invalid_enum', message: `format must be 'tsv', 'jsonl' or 'ntriples', got ${String(options.format)}` });
  }
  if (options.iri !== undefined && options.iri !== 'local' && options.iri !== 'full') {
    issues.push({ path: ['iri'], code: 'invalid_enum', message: `iri must be 'local' or 'full', got ${String(options.iri)}` });
  }
  const maxEntities = options.maxEntities ?? MAX_ENTITIES;
  if (!Number.isInteger(maxEntities) || maxEntities < 1 || maxEntities > MAX_ENTITIES) {
    issues.push({ path: ['maxEntities'], code: 'out_of_range', message: `maxEntities must be an integer from 1 to ${MAX_ENTITIES}, got ${String(options.maxEntities)}` });
  }
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);
  return {
    maxEntities,
    onInvalid: options.onInvalid ?? 'throw',
    format: options.format,
    literals: options.literals ?? false,
    iri: options.iri ?? 'local',
    language: options.language ?? 'en',
  };
}

function formatOf(path: string): GraphFormat {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.tsv') || name.endsWith('.txt')) return 'tsv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.nt')) return 'ntriples';
  throw new GraphError(path, 0, 'unknown graph format: name the file .tsv, .jsonl or .nt (optionally .gz), or pass format');
}

/** Accumulates interned ids and edges in growable typed arrays. */
class GraphBuilder {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();
  readonly relationIds: string[] = [];
  readonly relationIndex = new Map<string, number>();
  readonly stats: GraphLoadStats = {
    lines: 0, triples: 0, skipped: 0, literals: 0, labels: 0, unusableLabels: 0,
    odd: { extraFields: 0, paddedIds: 0, invalidUtf8: 0, trailingText: 0 },
  };
  /** N-Triples labels seen before (or without) their entity's edges: applied at the end. */
  readonly pendingLabels = new Map<string, string>();
  readonly pendingAliases = new Map<string, string[]>();
  src = new Uint32Array(1024);
  rel = new Uint32Array(1024);
  dst = new Uint32Array(1024);
  count = 0;
  labels: (string | undefined)[] = [];
  /** Aliases per node as sets while loading (one id repeated k times is k set insertions, not k copies). */
  aliasSets: (Set<string> | undefined)[] = [];
  relationLabels: (string | undefined)[] = [];

  constructor(readonly maxEntities: number) {}

  add(subject: string, relation: string, object: string): void {
    if (this.count === this.src.length) this.grow();
    const i = this.count++;
    this.src[i] = this.intern(subject);
    this.dst[i] = this.intern(object);
    let r = this.relationIndex.get(relation);
    if (r === undefined) {
      r = this.relationIds.length;
      const own = detach(relation);
      this.relationIds.push(own);
      this.relationIndex.set(own, r);
    }
    this.rel[i] = r;
    this.stats.triples++;
  }

  private intern(id: string): number {
    let n = this.index.get(id);
    if (n === undefined) {
      n = this.ids.length;
      if (n >= this.maxEntities) {
        throw new CapacityError(`more than ${this.maxEntities.toLocaleString('en-US')} distinct entity ids (maxEntities): cut the graph first (see docs/data.md, "How far one machine goes")`);
      }
      const own = detach(id);
      this.ids.push(own);
      this.index.set(own, n);
    }
    return n;
  }

  private grow(): void {
    // 1.5× rather than 2×: at a billion edges the spare capacity is memory that is not there.
    const size = Math.ceil(this.src.length * 1.5);
    for (const key of ['src', 'rel', 'dst'] as const) {
      const next = new Uint32Array(size);
      next.set(this[key]);
      this[key] = next;
    }
  }

  build(labelled: boolean): KnowledgeGraph {
    for (const [id, label] of this.pendingLabels) this.setLabel(id, label, undefined);
    for (const [id, aliases] of this.pendingAliases) this.setLabel(id, undefined, aliases);
    const aliases = this.aliasSets.map((set, n) => {
      if (set === undefined) return undefined;
      const own = this.labels[n];
      const kept = [...set].filter((a) => a !== own);
      return kept.length > 0 ? kept : undefined;
    });
    return new KnowledgeGraph({
      ids: this.ids, relationIds: this.relationIds, src: this.src, rel: this.rel, dst: this.dst, edgeCount: this.count,
      labels: this.labels, aliases, relationLabels: this.relationLabels, labelled, stats: this.stats,
      index: this.index, relationIndex: this.relationIndex,
    });
  }

  /** Labels an entity of the graph; ids the graph does not hold are ignored (a label file may cover more). */
  setLabel(id: string, label: string | undefined, aliases: string[] | undefined): void {
    const n = this.index.get(id);
    if (n === undefined) return;
    this.stats.labels++;
    // A label or alias with no letter or digit could never be matched or asked about (the scorer
    // refuses it): the entity stays unlabelled, so no walk passes through it. Counted.
    if (label !== undefined) {
      if (usable(label)) this.labels[n] = label;
      else this.stats.unusableLabels++;
    }
    if (aliases !== undefined) {
      for (const alias of aliases) {
        if (!usable(alias)) continue;
        (this.aliasSets[n] ??= new Set()).add(alias);
      }
    }
  }
}

/** True when a name has a letter or digit to match (the scorer's own rule, via the text layer's folding). */
function usable(name: string): boolean {
  return normalizeText(name) !== '';
}

/**
 * A copy of `id` that does not hold on to the text it was cut from. V8 cuts a substring of 13
 * characters or more as a view into its parent, here a line or a whole 64 KB chunk of the file; an
 * id kept for the graph's lifetime would keep that chunk alive. Slicing a fresh concatenation
 * makes the parent a small new string instead.
 */
function detach(id: string): string {
  return id.length < 13 ? id : (' ' + id).slice(1);
}

/** A line's problem, turned into a `GraphError` with file and line by the caller. */
class LineError extends Error {}

/** The graph outgrew `maxEntities`: never skipped, whatever `onInvalid` says. */
class CapacityError extends Error {}

function parseTsv(line: string, builder: GraphBuilder): void {
  if (line.startsWith('#')) return;
  const fields = line.split('\t');
  if (fields.length < 3) throw new LineError(`expected 3 tab-separated fields (subject, relation, object), got ${fields.length}`);
  const [subject, relation, object] = fields as [string, string, string];
  if (subject === '' || relation === '' || object === '') throw new LineError('subject, relation and object must be non-empty');
  if (fields.length > 3) builder.stats.odd.extraFields++;
  if (padded(subject) || padded(relation) || padded(object)) builder.stats.odd.paddedIds++;
  builder.add(subject, relation, object);
}

function parseJsonl(line: string, builder: GraphBuilder): void {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new LineError('not valid JSON');
  }
  const triple = asTriple(value);
  if (typeof triple === 'string') throw new LineError(triple);
  builder.add(triple.subject, triple.relation, triple.object);
}

/** A `Triple`, or the reason it is not one. */
function asTriple(value: unknown): Triple | string {
  if (typeof value !== 'object' || value === null) return 'expected an object { subject, relation, object }';
  const record = value as Record<string, unknown>;
  for (const key of ['subject', 'relation', 'object'] as const) {
    const field = record[key];
    if (typeof field !== 'string' || field === '') return `${key} must be a non-empty string`;
  }
  return { subject: record['subject'] as string, relation: record['relation'] as string, object: record['object'] as string };
}

/** N-Triples term: an IRI, a blank node or a literal (with its language, if any). */
interface Term {
  kind: 'iri' | 'blank' | 'literal';
  value: string;
  language?: string;
}

function parseNTriples(line: string, builder: GraphBuilder, config: Config): void {
  const cursor = { text: line, at: 0 };
  skipSpace(cursor);
  if (cursor.at >= line.length || line[cursor.at] === '#') return;
  const subject = readTerm(cursor);
  const predicate = readTerm(cursor);
  const object = readTerm(cursor);
  skipSpace(cursor);
  if (line[cursor.at] !== '.') throw new LineError('expected " ." after the object');
  cursor.at++;
  skipSpace(cursor);
  if (cursor.at < line.length && line[cursor.at] !== '#') builder.stats.odd.trailingText++;
  if (subject.kind === 'literal' || predicate.kind !== 'iri') throw new LineError('subject must be an IRI or blank node and predicate an IRI');
  const id = shorten(subject, config);
  if (object.kind === 'literal') {
    const wanted = object.language === undefined || object.language.toLowerCase() === config.language.toLowerCase();
    if (LABEL_PREDICATES.has(predicate.value)) {
      if (wanted && !builder.pendingLabels.has(id)) builder.pendingLabels.set(id, object.value);
      return;
    }
    if (predicate.value === ALIAS_PREDICATE) {
      if (wanted) {
        const list = builder.pendingAliases.get(id);
        if (list === undefined) builder.pendingAliases.set(id, [object.value]);
        else list.push(object.value);
      }
      return;
    }
    if (!config.literals) {
      builder.stats.literals++;
      return;
    }
    builder.add(id, shorten(predicate, config), object.value);
    return;
  }
  builder.add(id, shorten(predicate, config), shorten(object, config));
}

function shorten(term: Term, config: Config): string {
  if (term.kind !== 'iri' || config.iri === 'full') return term.value;
  const cut = Math.max(term.value.lastIndexOf('/'), term.value.lastIndexOf('#'));
  return cut >= 0 && cut < term.value.length - 1 ? term.value.slice(cut + 1) : term.value;
}

function skipSpace(cursor: { text: string; at: number }): void {
  while (cursor.text[cursor.at] === ' ' || cursor.text[cursor.at] === '\t') cursor.at++;
}

function readTerm(cursor: { text: string; at: number }): Term {
  skipSpace(cursor);
  const { text } = cursor;
  const first = text[cursor.at];
  if (first === '<') {
    const end = text.indexOf('>', cursor.at);
    if (end < 0) throw new LineError('unterminated IRI');
    const value = text.slice(cursor.at + 1, end);
    cursor.at = end + 1;
    return { kind: 'iri', value };
  }
  if (first === '_' && text[cursor.at + 1] === ':') {
    let end = cursor.at + 2;
    while (end < text.length && text[end] !== ' ' && text[end] !== '\t') end++;
    const value = text.slice(cursor.at, end);
    cursor.at = end;
    return { kind: 'blank', value };
  }
  if (first === '"') {
    let value = '';
    let i = cursor.at + 1;
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] !== '\\') {
        value += text[i];
        continue;
      }
      const escaped = text[++i];
      if (escaped === 'u' || escaped === 'U') {
        const width = escaped === 'u' ? 4 : 8;
        const code = Number.parseInt(text.slice(i + 1, i + 1 + width), 16);
        // Past U+10FFFF there is no character: a bad line (skipped under onInvalid: 'skip'), not a crash.
        if (!Number.isFinite(code) || code > 0x10ffff) throw new LineError('bad \\u escape in a literal');
        value += String.fromCodePoint(code);
        i += width;
      } else {
        value += ESCAPES[escaped ?? ''] ?? escaped ?? '';
      }
    }
    if (i >= text.length) throw new LineError('unterminated literal');
    cursor.at = i + 1;
    let language: string | undefined;
    if (text[cursor.at] === '@') {
      let end = cursor.at + 1;
      while (end < text.length && /[A-Za-z0-9-]/.test(text[end]!)) end++;
      language = text.slice(cursor.at + 1, end);
      cursor.at = end;
    } else if (text.startsWith('^^', cursor.at)) {
      cursor.at += 2;
      readTerm(cursor);
    }
    return language === undefined ? { kind: 'literal', value } : { kind: 'literal', value, language };
  }
  throw new LineError(first === undefined ? 'expected 3 terms, the line ended early' : `unexpected "${first}" where a term should start`);
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/** What a label or relation file may hold, named in the error when a record is in none of these shapes. */
export const LABEL_SHAPES =
  'expected { "id", "label", "aliases"? }, an object keyed by id ({ "P17": { "label": "country" } } or { "P17": "country" }), ' +
  'or a Wikidata entity ({ "id", "labels": { "en": { "value" } }, "aliases": { "en": [{ "value" }] } })';

/** A label record as read, whatever its shape; `label` undefined when the file has none in the wanted language. */
interface LabelRecord {
  id: string;
  label: string | undefined;
  aliases: string[] | undefined;
}

async function readLabels(source: NonNullable<LoadGraphOptions['labels']>, builder: GraphBuilder, config: Config): Promise<void> {
  await eachRecord(source, config, builder.stats, ({ id, label, aliases }) => {
    if (label !== undefined || aliases !== undefined) builder.setLabel(id, label, aliases);
  });
}

async function readRelations(source: NonNullable<LoadGraphOptions['relations']>, builder: GraphBuilder, config: Config): Promise<void> {
  await eachRecord(source, config, builder.stats, ({ id, label }) => {
    const r = builder.relationIndex.get(id);
    if (r !== undefined && label !== undefined) builder.relationLabels[r] = label;
  });
}

/**
 * The label records in one parsed JSON value, or the problem with it: a record `{ id, label,
 * aliases? }`, a Wikidata entity (`labels` and `aliases` by language), an object keyed by id (CoDEx's
 * `relations.json`: `{ "P17": { "label": "country", … } }`, or `{ "P17": "country" }`), or an array of records.
 */
function labelRecords(value: unknown, language: string): LabelRecord[] | string {
  if (Array.isArray(value)) {
    const records: LabelRecord[] = [];
    for (const item of value) {
      const one = labelRecords(item, language);
      if (typeof one === 'string') return one;
      records.push(...one);
    }
    return records;
  }
  if (typeof value !== 'object' || value === null) return LABEL_SHAPES;
  const record = value as Record<string, unknown>;
  if ('id' in record) {
    const one = labelRecord(record['id'], record, language);
    return typeof one === 'string' ? one : [one];
  }
  const records: LabelRecord[] = [];
  for (const [id, entry] of Object.entries(record)) {
    const one = typeof entry === 'string' ? labelRecord(id, { label: entry }, language)
      : typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? labelRecord(id, entry as Record<string, unknown>, language)
      : `"${id}": ${LABEL_SHAPES}`;
    if (typeof one === 'string') return one;
    records.push(one);
  }
  return records;
}

function labelRecord(id: unknown, record: Record<string, unknown>, language: string): LabelRecord | string {
  if (typeof id !== 'string' || id === '') return 'id must be a non-empty string';
  const { label, labels, aliases } = record;
  let text: string | undefined;
  if (label !== undefined) {
    if (typeof label !== 'string' || label.trim() === '') return 'label must be a non-empty string';
    text = label;
  } else if (typeof labels === 'object' && labels !== null) {
    // Wikidata: { en: { language: 'en', value: 'Berlin' } }; a simpler { en: 'Berlin' } too. No label in the language: none.
    text = languageValue((labels as Record<string, unknown>)[language]);
  } else {
    return `${JSON.stringify(id)}: no "label" or "labels"; ${LABEL_SHAPES}`;
  }
  let names: string[] | undefined;
  if (Array.isArray(aliases)) {
    if (!aliases.every((a) => typeof a === 'string')) return 'aliases must be an array of strings';
    names = aliases as string[];
  } else if (typeof aliases === 'object' && aliases !== null) {
    const list = (aliases as Record<string, unknown>)[language];
    names = Array.isArray(list) ? list.map(languageValue).filter((a): a is string => a !== undefined) : [];
  } else if (aliases !== undefined) {
    return 'aliases must be an array of strings, or Wikidata\'s { "en": [{ "value" }] }';
  }
  return { id, label: text !== undefined && text.trim() !== '' ? text : undefined, aliases: names };
}

/** `'Berlin'` from `'Berlin'` or Wikidata's `{ language: 'en', value: 'Berlin' }`. */
function languageValue(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'object' && entry !== null && typeof (entry as { value?: unknown }).value === 'string') return (entry as { value: string }).value;
  return undefined;
}

/**
 * Calls `use` on each label record of a source: a JSON Lines file (each line any shape
 * `labelRecords` reads), a `.json` file read whole, or an iterable.
 */
async function eachRecord(
  source: string | Iterable<unknown> | AsyncIterable<unknown>,
  config: Config,
  stats: GraphLoadStats,
  use: (record: LabelRecord) => void,
): Promise<void> {
  const take = (value: unknown, file: string, n: number): void => {
    const records = labelRecords(value, config.language);
    if (typeof records !== 'string') {
      for (const record of records) use(record);
      return;
    }
    if (config.onInvalid === 'skip') {
      stats.skipped++;
      return;
    }
    throw new GraphError(file, n, records);
  };
  if (typeof source === 'string') {
    if (/\.json(?:\.gz)?$/iu.test(source)) {
      // A .json file is one JSON value (an object keyed by id, or an array), pretty-printed or not.
      const lines: string[] = [];
      await eachLine(source, (line) => void lines.push(line));
      let value: unknown;
      try {
        value = JSON.parse(lines.join('\n'));
      } catch {
        throw new GraphError(source, 0, 'not valid JSON (a .json file is read as one value; name a file of one record a line .jsonl)');
      }
      take(value, source, 0);
      return;
    }
    await eachLine(source, (line, n) => {
      if (isBlank(line)) return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        if (config.onInvalid === 'skip') return;
        throw new GraphError(source, n, 'not valid JSON');
      }
      take(record, source, n);
    });
    return;
  }
  let n = 0;
  for await (const record of source as AsyncIterable<unknown>) take(record, ITERABLE, ++n);
}

/** Streams a (possibly gzipped) text file line by line; a missing file or an overlong line is a `GraphError`. */
async function eachLine(path: string, onLine: (line: string, n: number) => void): Promise<void> {
  let n = 0;
  try {
    for await (const { line, text } of readLines(path)) {
      n = line;
      onLine(text, line);
    }
  } catch (error) {
    if (error instanceof GraphError) throw error;
    if (error instanceof InputError) {
      const what = error.code === 'INPUT_TOO_LARGE' ? `a line is longer than ${MAX_LINE_CHARS} characters` : `cannot read the file (${(error.cause as NodeJS.ErrnoException | undefined)?.code ?? error.message})`;
      throw new GraphError(path, error.line, what, { cause: error });
    }
    throw new GraphError(path, n, `cannot read the file: ${(error as Error).message}`, { cause: error });
  }
}

/** True when an id has blanks at either end. */
function padded(id: string): boolean {
  return id.length > 0 && (id.charCodeAt(0) <= 32 || id.charCodeAt(id.length - 1) <= 32);
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}
