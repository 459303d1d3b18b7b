// A knowledge graph held in compressed sparse rows: ids interned to dense integers, edges in typed
// arrays (out and in), one object per node id string and none per edge. A row lists the edges of
// one node sorted by relation, so following one relation from a node is a binary search: that is
// what makes the exact answer-uniqueness check of a walk cheap.
import type { Triple } from './types.js';

/** Counts from loading a graph. */
export interface GraphLoadStats {
  /** Lines (or items) read, blank and comment lines included. */
  lines: number;
  /** Edges kept. */
  triples: number;
  /** Malformed lines skipped under `onInvalid: 'skip'`. */
  skipped: number;
  /** N-Triples statements with a literal object, left out (see `literals`). */
  literals: number;
  /** Labels and aliases read (from `labels` or from N-Triples label statements) for entities of the graph. */
  labels: number;
  /** Labels without a letter or digit (`!!!`, blanks), left out: their entities are unlabelled, walks avoid them. */
  unusableLabels: number;
  /** Lines kept that a careful reader should know about, by kind (never silently): TSV lines with
   * more than 3 fields (the rest ignored), ids with leading or trailing blanks (kept as written, so
   * "Berlin " and "Berlin" are two entities), lines with invalid UTF-8 (read with U+FFFD), and
   * N-Triples statements with text after their final " .". */
  odd: { extraFields: number; paddedIds: number; invalidUtf8: number; trailingText: number };
}

/** The parts a `KnowledgeGraph` is made of; built by `loadGraph`. */
export interface GraphParts {
  ids: string[];
  relationIds: string[];
  /** Edges as parallel arrays, in any order; may be longer than `edgeCount`. */
  src: Uint32Array;
  rel: Uint32Array;
  dst: Uint32Array;
  edgeCount: number;
  labels: (string | undefined)[];
  aliases: (string[] | undefined)[];
  relationLabels: (string | undefined)[];
  /** True when labels were given: then an entity without one is "unlabelled". */
  labelled: boolean;
  stats: GraphLoadStats;
  /** `ids` as a map to their index, when the loader already has it (saves building it twice). */
  index?: Map<string, number> | undefined;
  relationIndex?: Map<string, number> | undefined;
}

/** One edge as stored: the node index at its other end and its relation index. */
export interface Edge {
  node: number;
  relation: number;
}

/**
 * An immutable knowledge graph. Nodes and relations are dense indexes (`0 … nodeCount-1`); `id`,
 * `label` and `node` translate. The CSR arrays are public for fast walks: the out-edges of node `n`
 * are `outTargets[outOffsets[n] … outOffsets[n+1])` with relations in `outRelations` at the same
 * positions, sorted by relation.
 */
export class KnowledgeGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly relationCount: number;
  readonly outOffsets: Uint32Array;
  readonly outTargets: Uint32Array;
  readonly outRelations: Uint32Array;
  readonly inOffsets: Uint32Array;
  readonly inSources: Uint32Array;
  readonly inRelations: Uint32Array;
  /** True when entity labels were given (an entity without one is then unlabelled). */
  readonly labelled: boolean;
  readonly stats: GraphLoadStats;
  readonly #ids: string[];
  readonly #index: Map<string, number>;
  readonly #relationIds: string[];
  readonly #relationIndex: Map<string, number>;
  readonly #labels: (string | undefined)[];
  readonly #aliases: (string[] | undefined)[];
  readonly #relationLabels: (string | undefined)[];

  /** Builds the CSR arrays from loose edges (`loadGraph` calls this; so may a custom loader). */
  constructor(parts: GraphParts) {
    const n = parts.ids.length;
    const e = parts.edgeCount;
    this.nodeCount = n;
    this.edgeCount = e;
    this.relationCount = parts.relationIds.length;
    this.labelled = parts.labelled;
    this.stats = parts.stats;
    this.#ids = parts.ids;
    this.#index = parts.index ?? new Map(parts.ids.map((id, i) => [id, i]));
    this.#relationIds = parts.relationIds;
    this.#relationIndex = parts.relationIndex ?? new Map(parts.relationIds.map((id, i) => [id, i]));
    this.#labels = parts.labels;
    this.#aliases = parts.aliases;
    this.#relationLabels = parts.relationLabels;
    // Radix order: edges by relation first, then a stable counting sort by node, so each row comes
    // out sorted by relation without a comparison sort.
    const byRelation = countingOrder(parts.rel, e, this.relationCount, undefined);
    const outOrder = countingOrder(parts.src, e, n, byRelation);
    const inOrder = countingOrder(parts.dst, e, n, byRelation);
    this.outOffsets = offsets(parts.src, e, n);
    this.inOffsets = offsets(parts.dst, e, n);
    this.outTargets = gather(parts.dst, outOrder);
    this.outRelations = gather(parts.rel, outOrder);
    this.inSources = gather(parts.src, inOrder);
    this.inRelations = gather(parts.rel, inOrder);
  }

  /** The node index of an entity id, or undefined. */
  node(id: string): number | undefined {
    return this.#index.get(id);
  }

  /** The entity id of a node index. */
  id(node: number): string {
    return this.#ids[node] ?? '';
  }

  /** The label of a node; its id when it has none. */
  label(node: number): string {
    return this.#labels[node] ?? this.id(node);
  }

  /** True when the node has a label of its own (always true when the graph was loaded without labels). */
  hasLabel(node: number): boolean {
    return !this.labelled || this.#labels[node] !== undefined;
  }

  /** The aliases of a node (never its label). */
  aliases(node: number): string[] {
    return this.#aliases[node] ?? [];
  }

  /** The relation index of a relation id, or undefined. */
  relation(id: string): number | undefined {
    return this.#relationIndex.get(id);
  }

  /** The id of a relation index. */
  relationId(relation: number): string {
    return this.#relationIds[relation] ?? '';
  }

  /** The label of a relation; its id when it has none. */
  relationLabel(relation: number): string {
    return this.#relationLabels[relation] ?? this.relationId(relation);
  }

  /** Edges touching a node, in + out (a self-loop counts twice). */
  degree(node: number): number {
    return this.outDegree(node) + this.inDegree(node);
  }

  /** Edges leaving a node. */
  outDegree(node: number): number {
    return (this.outOffsets[node + 1] ?? 0) - (this.outOffsets[node] ?? 0);
  }

  /** Edges entering a node. */
  inDegree(node: number): number {
    return (this.inOffsets[node + 1] ?? 0) - (this.inOffsets[node] ?? 0);
  }

  /** The out-edges of a node, sorted by relation. */
  out(node: number): Edge[] {
    const edges: Edge[] = [];
    for (let i = this.outOffsets[node] ?? 0, end = this.outOffsets[node + 1] ?? 0; i < end; i++) {
      edges.push({ node: this.outTargets[i]!, relation: this.outRelations[i]! });
    }
    return edges;
  }

  /** The in-edges of a node (`node` is the source), sorted by relation. */
  in(node: number): Edge[] {
    const edges: Edge[] = [];
    for (let i = this.inOffsets[node] ?? 0, end = this.inOffsets[node + 1] ?? 0; i < end; i++) {
      edges.push({ node: this.inSources[i]!, relation: this.inRelations[i]! });
    }
    return edges;
  }

  /** Positions `[from, to)` in `outTargets` of the edges of `node` with `relation`. */
  outRange(node: number, relation: number): [number, number] {
    const start = this.outOffsets[node] ?? 0;
    const end = this.outOffsets[node + 1] ?? 0;
    return [lowerBound(this.outRelations, start, end, relation), lowerBound(this.outRelations, start, end, relation + 1)];
  }

  /** Every edge as a triple of ids, in CSR order. */
  *triples(): IterableIterator<Triple> {
    for (let n = 0; n < this.nodeCount; n++) {
      for (let i = this.outOffsets[n]!, end = this.outOffsets[n + 1]!; i < end; i++) {
        yield { subject: this.id(n), relation: this.relationId(this.outRelations[i]!), object: this.id(this.outTargets[i]!) };
      }
    }
  }

  /** Bytes held by the typed arrays (the CSR), not counting id strings and maps. */
  get arrayBytes(): number {
    return (
      this.outOffsets.byteLength + this.outTargets.byteLength + this.outRelations.byteLength +
      this.inOffsets.byteLength + this.inSources.byteLength + this.inRelations.byteLength
    );
  }
}

/** Stable counting sort of edge positions by `key` (over `previous` order when given). */
function countingOrder(key: Uint32Array, count: number, buckets: number, previous: Uint32Array | undefined): Uint32Array {
  const starts = new Uint32Array(buckets + 1);
  for (let i = 0; i < count; i++) starts[key[i]! + 1]!++;
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const order = new Uint32Array(count);
  for (let j = 0; j < count; j++) {
    const i = previous === undefined ? j : previous[j]!;
    order[starts[key[i]!]!++] = i;
  }
  return order;
}

function offsets(key: Uint32Array, count: number, nodes: number): Uint32Array {
  const out = new Uint32Array(nodes + 1);
  for (let i = 0; i < count; i++) out[key[i]! + 1]!++;
  for (let n = 0; n < nodes; n++) out[n + 1]! += out[n]!;
  return out;
}

function gather(values: Uint32Array, order: Uint32Array): Uint32Array {
  const out = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]!]!;
  return out;
}

/** First position in `[from, to)` whose value is ≥ `value` (the range is sorted). */
function lowerBound(values: Uint32Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
