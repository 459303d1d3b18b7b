// Random walks over a knowledge graph into multi-hop chains. Walk `i` draws only from its own
// random stream, seeded from `(seed, i)`, and retries inside that stream until it yields a chain or
// runs out of attempts: so walk `i` is the same whichever process runs it, and shards (walks with
// `i % count === index`) add up to the unsharded run exactly.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { ValidationError, type ValidationIssue } from '../errors.js';
import type { KnowledgeGraph } from './knowledge-graph.js';
import type { Chain, GoldEntity, LabelledTriple } from './types.js';

/** Why a drawn step or a finished walk was rejected. */
export type WalkRejection =
  /** The walk came back to an entity it had visited. */
  | 'revisit'
  /** A bridge entity (neither start nor answer) above `maxDegree` or in the top `hubPercentile`. */
  | 'hub'
  /** The relation is not in `relations.allow`, or is in `relations.deny`. */
  | 'relation'
  /** The same relation twice in a row (see `repeatRelations`). */
  | 'repeated-relation'
  /** The entity has no label (when the graph has labels). */
  | 'unlabelled'
  /** No usable edge out of the current entity. */
  | 'dead-end'
  /** Following the chain's relations from its start reaches more than one entity (see `unique`). */
  | 'ambiguous';

/** Every rejection reason, in the order a summary lists them. */
export const WALK_REJECTIONS: readonly WalkRejection[] = ['revisit', 'hub', 'relation', 'repeated-relation', 'unlabelled', 'dead-end', 'ambiguous'];

export interface SampleWalksOptions {
  /** Walks to run (over all shards); each yields one chain or gives up after `maxAttempts`. */
  count: number;
  /**
   * Edges per chain: a number, or `[min, max]` drawn uniformly per walk.
   * @default [2, 4]
   */
  hops?: number | [number, number] | undefined;
  /**
   * The run's seed; walk `i` uses a stream derived from `(seed, i)`.
   * @default 0
   */
  seed?: number | undefined;
  /** Runs only the walks `i` with `i % count === index`. */
  shard?: { index: number; count: number } | undefined;
  /** Bridge entities with a degree (in + out) above this are not used. */
  maxDegree?: number | undefined;
  /** Bridge entities in the top `hubPercentile` percent by degree are not used (e.g. 1 for the top 1%). */
  hubPercentile?: number | undefined;
  /** Relations (ids or labels) to allow only, or to deny. */
  relations?: { allow?: string[] | undefined; deny?: string[] | undefined } | undefined;
  /**
   * Allow the same relation on two consecutive edges.
   * @default false
   */
  repeatRelations?: boolean | undefined;
  /**
   * Require the chain's relation sequence from its start to reach exactly one entity.
   * @default true
   */
  unique?: boolean | undefined;
  /**
   * Attempts (fresh starts) per walk before it gives up.
   * @default 50
   */
  maxAttempts?: number | undefined;
  /**
   * Edges drawn at each step before the attempt ends as a dead end.
   * @default 8
   */
  tries?: number | undefined;
}

/** Counts of a walk run so far. */
export interface WalkStats {
  /** Walks run (this shard's). */
  walks: number;
  /** Walks that yielded a chain. */
  kept: number;
  /** Walks that gave up after `maxAttempts`. */
  exhausted: number;
  /** Rejected draws and attempts, by reason. */
  rejected: Record<WalkRejection, number>;
}

/** The chains of a run (iterate it, once or again) and the counts of what was rejected and why. */
export interface WalkRun extends Iterable<Chain> {
  /** Counts of the latest iteration, updated as it goes. */
  readonly stats: WalkStats;
  /** Runs the walks to the end and returns the chains with the final counts. */
  collect(): { chains: Chain[]; stats: WalkStats };
}

interface Config {
  count: number;
  minHops: number;
  maxHops: number;
  seed: number;
  shardIndex: number;
  shardCount: number;
  maxDegree: number;
  allow: Set<number> | undefined;
  deny: Set<number>;
  repeatRelations: boolean;
  unique: boolean;
  maxAttempts: number;
  tries: number;
}

/**
 * Samples multi-hop chains from random walks. Reproducible for a seed; `shard` splits a run.
 * @example
 * const run = sampleWalks(graph, { count: 1000, hops: [2, 4], seed: 7, hubPercentile: 1 });
 * for (const chain of run) rubricReward({ response, answer: chain.answer, entities: chain.entities });
 * console.log(run.stats.rejected);
 */
export function sampleWalks(graph: KnowledgeGraph, options: SampleWalksOptions): WalkRun {
  const config = checkOptions(graph, options);
  let stats = emptyStats();
  const iterate = function* (): Generator<Chain> {
    stats = emptyStats();
    const walker = new Walker(graph, config, stats);
    for (let i = config.shardIndex; i < config.count; i += config.shardCount) {
      stats.walks++;
      const chain = walker.walk(i);
      if (chain === undefined) stats.exhausted++;
      else {
        stats.kept++;
        yield chain;
      }
    }
  };
  return {
    [Symbol.iterator]: iterate,
    get stats() {
      return stats;
    },
    collect() {
      const chains = [...iterate()];
      return { chains, stats };
    },
  };
}

function emptyStats(): WalkStats {
  return { walks: 0, kept: 0, exhausted: 0, rejected: Object.fromEntries(WALK_REJECTIONS.map((r) => [r, 0])) as Record<WalkRejection, number> };
}

/** A 32-bit seed for walk `index` of a run seeded `seed` (splitmix32-style mixing: nearby inputs, unrelated outputs). */
export function walkSeed(seed: number, index: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul((index | 0) + 0x632be5ab, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Rows up to this size are scanned when random draws find no usable edge. */
const SCAN_LIMIT = 256;

class Walker {
  readonly #starts: Uint32Array;
  // Scratch for the uniqueness check, reused across walks: a generation stamp per node marks the frontier.
  readonly #stamp: Uint32Array;
  #generation = 0;

  constructor(
    readonly graph: KnowledgeGraph,
    readonly config: Config,
    readonly stats: WalkStats,
  ) {
    const starts: number[] = [];
    for (let n = 0; n < graph.nodeCount; n++) if (graph.outDegree(n) > 0 && graph.hasLabel(n)) starts.push(n);
    this.#starts = Uint32Array.from(starts);
    this.#stamp = new Uint32Array(graph.nodeCount);
  }

  walk(index: number): Chain | undefined {
    const seed = walkSeed(this.config.seed, index);
    const rng = xoroshiro128plus(seed);
    if (this.#starts.length === 0) {
      this.stats.rejected['dead-end']++;
      return undefined;
    }
    for (let attempt = 0; attempt < this.config.maxAttempts; attempt++) {
      const path = this.attempt(rng);
      if (path !== undefined) return this.chain(index, seed, path);
    }
    return undefined;
  }

  /** One attempt: nodes and relations of a path, or undefined (the reason is counted). */
  private attempt(rng: RandomGenerator): { nodes: number[]; relations: number[] } | undefined {
    const { graph, config, stats } = this;
    const hops = uniformInt(rng, config.minHops, config.maxHops);
    const nodes = [this.#starts[uniformInt(rng, 0, this.#starts.length - 1)]!];
    const relations: number[] = [];
    for (let step = 0; step < hops; step++) {
      const at = nodes[step]!;
      const from = graph.outOffsets[at]!;
      const size = graph.outOffsets[at + 1]! - from;
      const isBridge = step < hops - 1;
      const check = (e: number): WalkRejection | undefined => {
        const relation = graph.outRelations[e]!;
        const target = graph.outTargets[e]!;
        return (config.allow !== undefined && !config.allow.has(relation)) || config.deny.has(relation) ? 'relation'
          : !config.repeatRelations && relation === relations[step - 1] ? 'repeated-relation'
          : nodes.includes(target) ? 'revisit'
          : !graph.hasLabel(target) ? 'unlabelled'
          : isBridge && graph.degree(target) > config.maxDegree ? 'hub'
          : undefined;
      };
      let chosen = -1;
      for (let t = 0; t < config.tries && size > 0 && chosen < 0; t++) {
        const e = from + uniformInt(rng, 0, size - 1);
        const reason = check(e);
        if (reason === undefined) chosen = e;
        else stats.rejected[reason]++;
      }
      // Random draws miss the one usable edge of a small node often (a country's borders all share
      // a relation with the step before): scan small rows and pick uniformly among the usable edges.
      if (chosen < 0 && size <= SCAN_LIMIT) {
        let usable = 0;
        for (let e = from; e < from + size; e++) {
          if (check(e) === undefined && uniformInt(rng, 0, usable++) === 0) chosen = e;
        }
      }
      if (chosen >= 0) relations.push(graph.outRelations[chosen]!);
      const next = chosen < 0 ? -1 : graph.outTargets[chosen]!;
      if (next < 0) {
        stats.rejected['dead-end']++;
        return undefined;
      }
      nodes.push(next);
    }
    if (config.unique && !this.unique(nodes[0]!, relations)) {
      stats.rejected.ambiguous++;
      return undefined;
    }
    return { nodes, relations };
  }

  /** True when following `relations` from `start` over the whole graph reaches exactly one entity. */
  private unique(start: number, relations: number[]): boolean {
    const { graph } = this;
    let frontier = [start];
    for (const relation of relations) {
      const generation = this.nextGeneration();
      const next: number[] = [];
      for (const node of frontier) {
        const [from, to] = graph.outRange(node, relation);
        for (let e = from; e < to; e++) {
          const target = graph.outTargets[e]!;
          if (this.#stamp[target] === generation) continue;
          this.#stamp[target] = generation;
          next.push(target);
        }
      }
      frontier = next;
    }
    return frontier.length === 1;
  }

  private nextGeneration(): number {
    if (++this.#generation === 0xffffffff) {
      this.#stamp.fill(0);
      this.#generation = 1;
    }
    return this.#generation;
  }

  private chain(index: number, seed: number, path: { nodes: number[]; relations: number[] }): Chain {
    const { graph } = this;
    const { nodes, relations } = path;
    const triples: LabelledTriple[] = relations.map((relation, k) => ({
      subject: graph.id(nodes[k]!),
      relation: graph.relationId(relation),
      object: graph.id(nodes[k + 1]!),
      subjectLabel: graph.label(nodes[k]!),
      relationLabel: graph.relationLabel(relation),
      objectLabel: graph.label(nodes[k + 1]!),
    }));
    const entities: GoldEntity[] = nodes.map((n) => ({ name: graph.label(n), aliases: graph.aliases(n) }));
    const last = nodes[nodes.length - 1]!;
    return {
      id: `walk-${this.config.seed}-${index}`,
      seed,
      triples,
      entities,
      answer: { answer: graph.label(last), aliases: graph.aliases(last) },
    };
  }
}

function checkOptions(graph: KnowledgeGraph, options: SampleWalksOptions): Config {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: [], code: 'invalid_type', message: 'sampleWalks needs { count }' }]);
  }
  const integer = (value: unknown, path: (string | number)[], min: number): number => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    issues.push({ path, code: 'out_of_range', message: `${path.join('.')} must be an integer ≥ ${min}, got ${String(value)}` });
    return min;
  };
  const count = integer(options.count, ['count'], 0);
  const hops = options.hops ?? [2, 4];
  const [minHops, maxHops] = typeof hops === 'number' ? [integer(hops, ['hops'], 1), integer(hops, ['hops'], 1)]
    : Array.isArray(hops) && hops.length === 2 ? [integer(hops[0], ['hops', 0], 1), integer(hops[1], ['hops', 1], 1)]
    : (issues.push({ path: ['hops'], code: 'invalid_type', message: 'hops must be a number or [min, max]' }), [1, 1]);
  if (minHops > maxHops) issues.push({ path: ['hops'], code: 'out_of_range', message: `hops: min ${minHops} is above max ${maxHops}` });
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) issues.push({ path: ['seed'], code: 'invalid_type', message: `seed must be an integer, got ${String(seed)}` });
  const shard = options.shard ?? { index: 0, count: 1 };
  const shardCount = integer(shard.count, ['shard', 'count'], 1);
  const shardIndex = integer(shard.index, ['shard', 'index'], 0);
  if (shardIndex >= shardCount) issues.push({ path: ['shard', 'index'], code: 'out_of_range', message: `shard.index must be below shard.count (${shardCount}), got ${shardIndex}` });
  let maxDegree = Infinity;
  if (options.maxDegree !== undefined) maxDegree = integer(options.maxDegree, ['maxDegree'], 1);
  if (options.hubPercentile !== undefined) {
    const p = options.hubPercentile;
    if (typeof p !== 'number' || !(p >= 0 && p < 100)) {
      issues.push({ path: ['hubPercentile'], code: 'out_of_range', message: `hubPercentile must be a number in [0, 100), got ${String(p)}` });
    } else {
      maxDegree = Math.min(maxDegree, degreeAtPercentile(graph, p));
    }
  }
  const relationSet = (list: unknown, key: 'allow' | 'deny'): Set<number> | undefined => {
    if (list === undefined) return undefined;
    if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) {
      issues.push({ path: ['relations', key], code: 'invalid_type', message: `relations.${key} must be an array of relation ids or labels` });
      return undefined;
    }
    const wanted = new Set(list);
    const set = new Set<number>();
    for (let r = 0; r < graph.relationCount; r++) {
      if (wanted.has(graph.relationId(r)) || wanted.has(graph.relationLabel(r))) set.add(r);
    }
    return set;
  };
  const allow = relationSet(options.relations?.allow, 'allow');
  const deny = relationSet(options.relations?.deny, 'deny') ?? new Set<number>();
  const maxAttempts = integer(options.maxAttempts ?? 50, ['maxAttempts'], 1);
  const tries = integer(options.tries ?? 8, ['tries'], 1);
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);
  return {
    count, minHops, maxHops, seed, shardIndex, shardCount, maxDegree, allow, deny,
    repeatRelations: options.repeatRelations ?? false, unique: options.unique ?? true, maxAttempts, tries,
  };
}

/** The largest degree outside the top `percent` percent of nodes: a bridge above it is a hub. */
export function degreeAtPercentile(graph: KnowledgeGraph, percent: number): number {
  if (graph.nodeCount === 0) return Infinity;
  const degrees = new Uint32Array(graph.nodeCount);
  for (let n = 0; n < graph.nodeCount; n++) degrees[n] = graph.degree(n);
  degrees.sort();
  const keep = Math.max(1, Math.ceil(graph.nodeCount * (1 - percent / 100)));
  return degrees[keep - 1]!;
}
