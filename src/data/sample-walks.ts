// Random walks over a knowledge graph into multi-hop chains. Walk `i` draws only from its own
// random stream, seeded from `(seed, i)`: first its length, then attempts of that length until one
// yields a chain or it runs out of attempts. So walk `i` is the same whichever process runs it, and
// shards (walks with `i % count === index`) add up to the unsharded run exactly. The answer-share
// cap keeps that property: it is an acceptance probability per answer entity, calibrated once on
// a pilot run that depends only on the graph, the options and the seed, never on other walks.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { osaDistance } from '../entities/edit-distance.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import type { KnowledgeGraph } from './knowledge-graph.js';
import type { Chain, GoldEntity, LabelledTriple } from './types.js';

/** Why a drawn step or a finished walk was rejected. */
export type WalkRejection =
  /** The walk came back to an entity it had visited (or to one with the same label). */
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
  | 'ambiguous'
  /** The answer is one the pilot run found too common: turned down by its acceptance draw (see `maxAnswerShare`). */
  | 'answer-share'
  /** A bridge is one the pilot run found too common: turned down by its acceptance draw (see `maxBridgeShare`). */
  | 'bridge-share';

/** Every rejection reason, in the order a summary lists them. */
export const WALK_REJECTIONS: readonly WalkRejection[] = ['revisit', 'hub', 'relation', 'repeated-relation', 'unlabelled', 'dead-end', 'ambiguous', 'answer-share', 'bridge-share'];

/** The default of `maxAnswerShare`: no answer ends more than 5% of the chains. */
export const DEFAULT_MAX_ANSWER_SHARE = 0.05;
/** The default of `maxBridgeShare`: no entity is a bridge of more than 3% of the chains. */
export const DEFAULT_MAX_BRIDGE_SHARE = 0.03;
/** The default of `hubPercentile`: bridges in the top 1% by degree are hubs (on CoDEx-M it keeps every bridge under 3% of the chains). */
export const DEFAULT_HUB_PERCENTILE = 1;
/** The default of `pilotWalks`. */
export const DEFAULT_PILOT_WALKS = 8000;

export interface SampleWalksOptions {
  /** Walks to run (over all shards); each yields one chain or gives up after `maxAttempts`. */
  count: number;
  /**
   * Edges per chain: a number, or `[min, max]`. A walk draws its length once (see `hopWeights`)
   * and keeps it through its attempts, so a range gives an even mix of lengths, not mostly short ones.
   * @default [2, 4]
   */
  hops?: number | [number, number] | undefined;
  /**
   * The relative weight of each length from `min` to `max` (`[1, 1, 2]` for `[2, 4]`: half the walks 4 hops).
   * @default equal weights
   */
  hopWeights?: readonly number[] | undefined;
  /**
   * The run's seed; walk `i` uses a stream derived from `(seed, i)`.
   * @default 0
   */
  seed?: number | undefined;
  /** Runs only the walks `i` with `i % count === index`. */
  shard?: { index: number; count: number } | undefined;
  /** Bridge entities with a degree (in + out) above this are not used. */
  maxDegree?: number | undefined;
  /**
   * Bridge entities in the top `hubPercentile` percent by degree are not used (1: the top 1%); 0 turns it off.
   * @default 1
   */
  hubPercentile?: number | undefined;
  /**
   * The largest share of the chains one answer entity may end (0.05: 5%); 1 turns the cap off. A
   * pilot run of `pilotWalks` walks measures how often each answer comes up, and a walk that reaches
   * a too-common answer keeps it only with a probability that brings its expected share under the
   * cap (calibrated to 80% of it, a margin for the pilot's sampling error), else tries again. A
   * graph where meeting the caps would keep under 5% of the finished walks (a handful of possible answers) runs uncapped.
   * @default 0.05
   */
  maxAnswerShare?: number | undefined;
  /**
   * The largest share of the chains one entity may be a bridge of (0.03: 3%); 1 turns the cap off.
   * Calibrated on the same pilot as `maxAnswerShare`: a chain is kept with the product of its bridges' acceptance probabilities.
   * @default 0.03
   */
  maxBridgeShare?: number | undefined;
  /**
   * Walks of the pilot run that calibrates the length draw and the share caps (its own seed stream; the same in every shard); 0: no pilot.
   * @default 8000
   */
  pilotWalks?: number | undefined;
  /** Relations (ids or labels, a label ignoring case) to allow only, or to deny; a name the graph lacks is a `ValidationError` naming the closest. */
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
  /** Chains kept, by their number of hops. */
  hops: Record<number, number>;
  /** Chains kept, by the id of their answer entity. */
  answers: Record<string, number>;
  /** Chains kept, by the id of each bridge entity (neither start nor answer) they pass through. */
  bridges: Record<string, number>;
}

/** An entity and the share of the chains it ends (an answer) or passes through (a bridge). */
export interface EntityShare {
  id: string;
  label: string;
  chains: number;
  /** `chains / kept`, from 0 to 1. */
  share: number;
}

/** The chains of a run (iterate it, once or again) and the counts of what was rejected and why. */
export interface WalkRun extends Iterable<Chain> {
  /** Counts of the latest iteration, updated as it goes. */
  readonly stats: WalkStats;
  /** Runs the walks to the end and returns the chains with the final counts. */
  collect(): { chains: Chain[]; stats: WalkStats };
  /** The `k` commonest answers and bridges of the latest iteration so far, with their share of the kept chains. */
  commonest(k?: number): { answers: EntityShare[]; bridges: EntityShare[] };
}

interface Config {
  count: number;
  minHops: number;
  maxHops: number;
  /** Cumulative weights of the lengths `minHops … maxHops`, the last one 1. */
  hopCumulative: number[];
  seed: number;
  maxAnswerShare: number;
  maxBridgeShare: number;
  pilotWalks: number;
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
 * const run = sampleWalks(graph, { count: 1000, hops: [2, 4], seed: 7 });
 * for (const chain of run) rubricReward({ response, answer: chain.answer, entities: chain.entities });
 * console.log(run.stats.hops, run.commonest(3).answers);
 */
export function sampleWalks(graph: KnowledgeGraph, options: SampleWalksOptions): WalkRun {
  const config = checkOptions(graph, options);
  let stats = emptyStats();
  // Calibrated once, on the first iteration: it depends on the graph, options and seed only.
  let calibration: Calibration | undefined;
  const iterate = function* (): Generator<Chain> {
    calibration ??= calibrate(graph, config);
    stats = emptyStats();
    const walker = new Walker(graph, config, stats, calibration);
    for (let i = config.shardIndex; i < config.count; i += config.shardCount) {
      stats.walks++;
      const chain = walker.walk(i);
      if (chain === undefined) stats.exhausted++;
      else {
        stats.kept++;
        count(stats, chain);
        yield chain;
      }
    }
  };
  const shares = (counts: Record<string, number>, k: number): EntityShare[] =>
    commonestOf(counts, k).map(([id, chains]) => {
      const node = graph.node(id);
      return { id, label: node === undefined ? id : graph.label(node), chains, share: stats.kept === 0 ? 0 : chains / stats.kept };
    });
  return {
    [Symbol.iterator]: iterate,
    get stats() {
      return stats;
    },
    collect() {
      const chains = [...iterate()];
      return { chains, stats };
    },
    commonest(k = 5) {
      return { answers: shares(stats.answers, k), bridges: shares(stats.bridges, k) };
    },
  };
}

function emptyStats(): WalkStats {
  return {
    walks: 0, kept: 0, exhausted: 0, rejected: Object.fromEntries(WALK_REJECTIONS.map((r) => [r, 0])) as Record<WalkRejection, number>,
    hops: {}, answers: {}, bridges: {},
  };
}

function count(stats: WalkStats, chain: Chain): void {
  const hops = chain.triples.length;
  stats.hops[hops] = (stats.hops[hops] ?? 0) + 1;
  const answer = chain.triples[hops - 1]!.object;
  stats.answers[answer] = (stats.answers[answer] ?? 0) + 1;
  for (let k = 0; k < hops - 1; k++) {
    const bridge = chain.triples[k]!.object;
    stats.bridges[bridge] = (stats.bridges[bridge] ?? 0) + 1;
  }
}

/** The `k` largest entries of a count table, largest first, ties by id. */
function commonestOf(counts: Record<string, number>, k: number): [string, number][] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, k));
}

/** Seeds of the pilot run come from this salt, so they never coincide with the run's own walks. */
const PILOT_SALT = 0x70696c74;
/** The cap is calibrated to this fraction of `maxAnswerShare`: room for the pilot's sampling error. */
const CAP_MARGIN = 0.8;
/** Below this share of finished attempts kept, the cap is given up as one the graph cannot meet. */
const MIN_ACCEPTED = 0.05;
/** Rounds of fitting the acceptance probabilities to the caps (it settles in a few). */
const FIT_ROUNDS = 30;

/** What the pilot run decides for the real one: how lengths are drawn, and which answers are capped. */
interface Calibration {
  /** Cumulative probabilities of drawing the lengths `minHops … maxHops`. */
  hopCumulative: number[];
  /** The acceptance probability of each too-common answer node (absent: 1). */
  acceptance: Map<number, number>;
  /** The acceptance probability of each too-common bridge node (absent: 1); a chain multiplies those of its bridges. */
  bridgeAcceptance: Map<number, number>;
}

/**
 * Runs the pilot (its own seed stream, so the same in every shard) and calibrates the real run.
 * Lengths: a walk of length L finishes with probability r(L) in the pilot, so drawing L with
 * weight w(L) / r(L) gives kept chains in the proportions w asks for. Answers: each pilot chain
 * counts 1 / r(L), its weight in that final mix, towards its answer's share s(a).
 */
function calibrate(graph: KnowledgeGraph, config: Config): Calibration {
  const acceptance = new Map<number, number>();
  const bridgeAcceptance = new Map<number, number>();
  const lengths = config.maxHops - config.minHops + 1;
  const needed = config.pilotWalks > 0 && (config.maxAnswerShare < 1 || config.maxBridgeShare < 1 || lengths > 1);
  if (!needed) return { hopCumulative: config.hopCumulative, acceptance, bridgeAcceptance };
  const walker = new Walker(graph, config, emptyStats(), { hopCumulative: config.hopCumulative, acceptance, bridgeAcceptance });
  const drawn = new Array<number>(lengths).fill(0);
  const finished = new Array<number>(lengths).fill(0);
  const pilot: { hops: number; nodes: number[] }[] = [];
  for (let i = 0; i < config.pilotWalks; i++) {
    const { hops, path } = walker.run(walkSeed(config.seed ^ PILOT_SALT, i));
    drawn[hops - config.minHops]!++;
    if (path === undefined) continue;
    finished[hops - config.minHops]!++;
    pilot.push({ hops, nodes: path.nodes });
  }
  // A length the pilot never finished keeps its plain weight: nothing says how rare it is.
  const rate = drawn.map((d, k) => (d > 0 && finished[k]! > 0 ? finished[k]! / d : 1));
  const weights = config.hopCumulative.map((c, k) => (c - (config.hopCumulative[k - 1] ?? 0)) / rate[k]!);
  const total = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  const hopCumulative = lengths > 1 ? weights.map((w) => (running += w) / total) : config.hopCumulative;
  const capAnswers = config.maxAnswerShare < 1;
  const capBridges = config.maxBridgeShare < 1;
  if ((!capAnswers && !capBridges) || pilot.length === 0) return { hopCumulative, acceptance, bridgeAcceptance };
  // Iterative proportional fitting on the pilot's chains: each chain is kept with the product of
  // its answer's and its bridges' acceptance, and an entity above its target share has its
  // acceptance scaled down by target / share (one below target with acceptance < 1, up), until
  // no share is above target. Each chain weighs 1 / r(L), its weight in the final mix of lengths.
  const weight = pilot.map(({ hops }) => 1 / rate[hops - config.minHops]!);
  const answerTarget = CAP_MARGIN * config.maxAnswerShare;
  const bridgeTarget = CAP_MARGIN * config.maxBridgeShare;
  const keep = new Float64Array(pilot.length);
  for (let round = 0; round < FIT_ROUNDS; round++) {
    let kept = 0;
    const answerMass = new Map<number, number>();
    const bridgeMass = new Map<number, number>();
    pilot.forEach(({ nodes }, c) => {
      let p = weight[c]! * (acceptance.get(nodes[nodes.length - 1]!) ?? 1);
      for (let k = 1; k < nodes.length - 1; k++) p *= bridgeAcceptance.get(nodes[k]!) ?? 1;
      keep[c] = p;
      kept += p;
    });
    pilot.forEach(({ nodes }, c) => {
      if (capAnswers) answerMass.set(nodes[nodes.length - 1]!, (answerMass.get(nodes[nodes.length - 1]!) ?? 0) + keep[c]!);
      if (capBridges) for (let k = 1; k < nodes.length - 1; k++) bridgeMass.set(nodes[k]!, (bridgeMass.get(nodes[k]!) ?? 0) + keep[c]!);
    });
    let moved = false;
    const fit = (mass: Map<number, number>, table: Map<number, number>, target: number): void => {
      for (const [node, m] of mass) {
        const share = m / kept;
        const p = table.get(node) ?? 1;
        if (share > target * 1.001 || (p < 1 && share < target * 0.999)) {
          const next = Math.min(1, (p * target) / share);
          if (next !== p) moved = true;
          if (next === 1) table.delete(node);
          else table.set(node, next);
        }
      }
    };
    fit(answerMass, acceptance, answerTarget);
    fit(bridgeMass, bridgeAcceptance, bridgeTarget);
    // Too few chains would survive (a graph with a handful of answers): the caps cannot be met, so none.
    const total = weight.reduce((a, b) => a + b, 0);
    if (kept / total < MIN_ACCEPTED) return { hopCumulative, acceptance: new Map(), bridgeAcceptance: new Map() };
    if (!moved) break;
  }
  return { hopCumulative, acceptance, bridgeAcceptance };
}

/** A 32-bit seed for walk `index` of a run seeded `seed` (splitmix32-style mixing: nearby inputs, unrelated outputs). */
export function walkSeed(seed: number, index: number): number {
  // Every bit of a safe-integer seed counts: the high word is folded in (a no-op below 2^32, so
  // 32-bit seeds keep their walks), and 2^32 is no longer seed 0.
  const high = Math.floor(seed / 4294967296) | 0;
  const low = high === 0 ? seed | 0 : (seed | 0) ^ Math.imul(high, 0x27d4eb2d) ^ 0x165667b1;
  let h = (Math.imul(low, 0x9e3779b1) ^ Math.imul((index | 0) + 0x632be5ab, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** The nodes of a walk (start first) and the relations between them. */
interface Path {
  nodes: number[];
  relations: number[];
}

/** A uniform draw in [0, 1) from the walk's stream, 30 bits. */
function unitDraw(rng: RandomGenerator): number {
  return uniformInt(rng, 0, 0x3fffffff) / 0x40000000;
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
    /** Length draws and answer acceptance (see `calibrate`). */
    readonly calibration: Calibration,
  ) {
    const starts: number[] = [];
    for (let n = 0; n < graph.nodeCount; n++) if (graph.outDegree(n) > 0 && graph.hasLabel(n)) starts.push(n);
    this.#starts = Uint32Array.from(starts);
    this.#stamp = new Uint32Array(graph.nodeCount);
  }

  walk(index: number): Chain | undefined {
    const seed = walkSeed(this.config.seed, index);
    const { path } = this.run(seed);
    return path === undefined ? undefined : this.chain(index, seed, path);
  }

  /** The walk seeded `seed`: its drawn length, and its path unless it gave up. */
  run(seed: number): { hops: number; path: Path | undefined } {
    const rng = xoroshiro128plus(seed);
    // The length is drawn once: redrawing it per attempt would favour the short walks, which fail less.
    const hops = this.drawHops(rng);
    if (this.#starts.length === 0) {
      this.stats.rejected['dead-end']++;
      return { hops, path: undefined };
    }
    for (let attempt = 0; attempt < this.config.maxAttempts; attempt++) {
      const path = this.attempt(rng, hops);
      if (path === undefined) continue;
      const { nodes } = path;
      const p = this.calibration.acceptance.get(nodes[nodes.length - 1]!);
      if (p !== undefined && unitDraw(rng) >= p) {
        this.stats.rejected['answer-share']++;
        continue;
      }
      let q = 1;
      for (let k = 1; k < nodes.length - 1; k++) q *= this.calibration.bridgeAcceptance.get(nodes[k]!) ?? 1;
      if (q < 1 && unitDraw(rng) >= q) {
        this.stats.rejected['bridge-share']++;
        continue;
      }
      return { hops, path };
    }
    return { hops, path: undefined };
  }

  private drawHops(rng: RandomGenerator): number {
    const { minHops, maxHops } = this.config;
    const { hopCumulative } = this.calibration;
    // A fixed length draws nothing, so its walks are those of a run without weights.
    if (minHops === maxHops) return minHops;
    const u = unitDraw(rng);
    let k = 0;
    while (k < hopCumulative.length - 1 && u >= hopCumulative[k]!) k++;
    return minHops + k;
  }

  /** One attempt of `hops` edges: nodes and relations of a path, or undefined (the reason is counted). */
  private attempt(rng: RandomGenerator, hops: number): Path | undefined {
    const { graph, config, stats } = this;
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
          : nodes.includes(target) || this.sameLabel(nodes, target) ? 'revisit'
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

  /** True when `target` has the label of an entity on the path (Luxembourg, the capital of Luxembourg): a question could not tell them apart. */
  private sameLabel(nodes: number[], target: number): boolean {
    const label = this.graph.label(target).toLowerCase();
    return nodes.some((n) => this.graph.label(n).toLowerCase() === label);
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

  private chain(index: number, seed: number, path: Path): Chain {
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
  const lengths = Math.max(1, maxHops - minHops + 1);
  let weights: readonly number[] = Array.from({ length: lengths }, () => 1);
  if (options.hopWeights !== undefined) {
    const w: unknown = options.hopWeights;
    if (!Array.isArray(w) || w.length !== lengths || !w.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || !w.some((x: number) => x > 0)) {
      issues.push({ path: ['hopWeights'], code: 'invalid_type', message: `hopWeights must be ${lengths} non-negative numbers (one per length from ${minHops} to ${maxHops}), not all 0, got ${JSON.stringify(w)}` });
    } else {
      weights = w as number[];
    }
  }
  const total = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  const hopCumulative = weights.map((x) => (running += x) / total);
  const maxAnswerShare = options.maxAnswerShare ?? DEFAULT_MAX_ANSWER_SHARE;
  if (typeof maxAnswerShare !== 'number' || !(maxAnswerShare > 0 && maxAnswerShare <= 1)) {
    issues.push({ path: ['maxAnswerShare'], code: 'out_of_range', message: `maxAnswerShare must be a number in (0, 1], got ${String(maxAnswerShare)}` });
  }
  const maxBridgeShare = options.maxBridgeShare ?? DEFAULT_MAX_BRIDGE_SHARE;
  if (typeof maxBridgeShare !== 'number' || !(maxBridgeShare > 0 && maxBridgeShare <= 1)) {
    issues.push({ path: ['maxBridgeShare'], code: 'out_of_range', message: `maxBridgeShare must be a number in (0, 1], got ${String(maxBridgeShare)}` });
  }
  const pilotWalks = integer(options.pilotWalks ?? DEFAULT_PILOT_WALKS, ['pilotWalks'], 0);
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) issues.push({ path: ['seed'], code: 'invalid_type', message: `seed must be a safe integer (|seed| < 2^53), got ${String(seed)}` });
  const shard = options.shard ?? { index: 0, count: 1 };
  const shardCount = integer(shard.count, ['shard', 'count'], 1);
  const shardIndex = integer(shard.index, ['shard', 'index'], 0);
  if (shardIndex >= shardCount) issues.push({ path: ['shard', 'index'], code: 'out_of_range', message: `shard.index must be below shard.count (${shardCount}), got ${shardIndex}` });
  let maxDegree = Infinity;
  if (options.maxDegree !== undefined) maxDegree = integer(options.maxDegree, ['maxDegree'], 1);
  const p = options.hubPercentile ?? DEFAULT_HUB_PERCENTILE;
  if (typeof p !== 'number' || !(p >= 0 && p < 100)) {
    issues.push({ path: ['hubPercentile'], code: 'out_of_range', message: `hubPercentile must be a number in [0, 100), got ${String(p)}` });
  } else if (p > 0) {
    maxDegree = Math.min(maxDegree, degreeAtPercentile(graph, p));
  }
  const relationSet = (list: unknown, key: 'allow' | 'deny'): Set<number> | undefined => {
    if (list === undefined) return undefined;
    if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) {
      issues.push({ path: ['relations', key], code: 'invalid_type', message: `relations.${key} must be an array of relation ids or labels` });
      return undefined;
    }
    const set = new Set<number>();
    (list as string[]).forEach((name, i) => {
      const found = findRelations(graph, name);
      if (found.length > 0) for (const r of found) set.add(r);
      else issues.push({ path: ['relations', key, i], code: 'unknown_relation', message: `relations.${key}: no relation "${name}" in the graph${closestRelations(graph, name)}` });
    });
    return set;
  };
  const allow = relationSet(options.relations?.allow, 'allow');
  const deny = relationSet(options.relations?.deny, 'deny') ?? new Set<number>();
  const maxAttempts = integer(options.maxAttempts ?? 50, ['maxAttempts'], 1);
  const tries = integer(options.tries ?? 8, ['tries'], 1);
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);
  return {
    count, minHops, maxHops, hopCumulative, seed, maxAnswerShare, maxBridgeShare, pilotWalks, shardIndex, shardCount, maxDegree, allow, deny,
    repeatRelations: options.repeatRelations ?? false, unique: options.unique ?? true, maxAttempts, tries,
  };
}

/** The relations whose id or label is `name`: exactly, else ignoring case. */
function findRelations(graph: KnowledgeGraph, name: string): number[] {
  const exact: number[] = [];
  const folded: number[] = [];
  const lower = name.trim().toLowerCase();
  for (let r = 0; r < graph.relationCount; r++) {
    const id = graph.relationId(r);
    const label = graph.relationLabel(r);
    if (id === name || label === name) exact.push(r);
    else if (id.toLowerCase() === lower || label.toLowerCase() === lower) folded.push(r);
  }
  return exact.length > 0 ? exact : folded;
}

/** `; closest: "country" (P17), "continent" (P30)`: the known relations nearest `name` by edit distance, or ''. */
function closestRelations(graph: KnowledgeGraph, name: string, k = 3): string {
  const lower = name.trim().toLowerCase();
  const scored: { d: number; text: string }[] = [];
  for (let r = 0; r < graph.relationCount; r++) {
    const id = graph.relationId(r);
    const label = graph.relationLabel(r);
    const d = Math.min(osaDistance(lower, label.toLowerCase()), osaDistance(lower, id.toLowerCase()));
    scored.push({ d, text: label === id ? `"${id}"` : `"${label}" (${id})` });
  }
  scored.sort((a, b) => a.d - b.d || (a.text < b.text ? -1 : 1));
  return scored.length === 0 ? ' (it has none)' : `; closest: ${scored.slice(0, k).map((s) => s.text).join(', ')}`;
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
