import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { rubricReward } from '../index.js';
import { loadGraph, sampleWalks, walkSeed, WALK_REJECTIONS, type KnowledgeGraph, type SampleWalksOptions, type Triple, type WalkRejection } from './index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/graph/${name}`, import.meta.url));
const t = (subject: string, relation: string, object: string): Triple => ({ subject, relation, object });

/** A random graph on `nodes` nodes with `edges` edges and `relations` relations, from a seed. */
function randomTriples(nodes: number, edges: number, relations: number, seed: number): Triple[] {
  let state = seed >>> 0 || 1;
  const next = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  return Array.from({ length: edges }, () => t(`n${next(nodes)}`, `r${next(relations)}`, `n${next(nodes)}`));
}

let countries: KnowledgeGraph;
beforeAll(async () => {
  countries = await loadGraph(fixture('countries.tsv'), { labels: fixture('countries-labels.jsonl'), relations: fixture('countries-relations.jsonl') });
});

describe('sampleWalks', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = sampleWalks(countries, { count: 50, seed: 7 }).collect().chains;
    const b = sampleWalks(countries, { count: 50, seed: 7 }).collect().chains;
    const c = sampleWalks(countries, { count: 50, seed: 8 }).collect().chains;
    // The default caps (answer 5%, bridge 3%) turn down chains of a 250-country graph's continents and hubs.
    expect(a.length).toBeGreaterThan(25);
    expect(b).toEqual(a);
    expect(c.map((x) => x.answer.answer)).not.toEqual(a.map((x) => x.answer.answer));
  });

  it('shards add up to the unsharded run exactly', () => {
    const whole = sampleWalks(countries, { count: 60, seed: 3 }).collect();
    const parts = [0, 1, 2, 3, 4].map((index) => sampleWalks(countries, { count: 60, seed: 3, shard: { index, count: 5 } }).collect());
    const union = parts.flatMap((p) => p.chains).sort((x, y) => Number(x.id.split('-')[2]) - Number(y.id.split('-')[2]));
    expect(union).toEqual(whole.chains);
    expect(parts.reduce((sum, p) => sum + p.stats.walks, 0)).toBe(60);
    for (const reason of Object.keys(whole.stats.rejected) as WalkRejection[]) {
      expect(parts.reduce((sum, p) => sum + p.stats.rejected[reason], 0)).toBe(whole.stats.rejected[reason]);
    }
  });

  it('a chain goes straight into rubricReward: the full chain scores 1, a wrong answer 0', () => {
    const [chain] = sampleWalks(countries, { count: 1, seed: 11, hops: 3 }).collect().chains;
    expect(chain).toBeDefined();
    const names = chain!.entities.map((e) => (typeof e === 'string' ? e : e.name));
    const response = `<think>${names.join(', then ')}.</think>The answer is ${chain!.answer.answer}.`;
    expect(rubricReward({ response, answer: chain!.answer, entities: chain!.entities })).toMatchObject({ reward: 1, outcome: 1, rubric: 1 });
    expect(rubricReward({ response: 'The answer is Atlantis.', answer: chain!.answer, entities: chain!.entities }).reward).toBe(0);
    expect(chain!.triples).toHaveLength(3);
    expect(chain!.entities).toHaveLength(4);
    expect(chain!.seed).toBe(walkSeed(11, 0));
  });

  it('labels chains with the graph labels, aliases included', () => {
    const { chains } = sampleWalks(countries, { count: 200, seed: 1, hops: 2, relations: { allow: ['shares border with', 'P38'] } }).collect();
    const viaGermany = chains.find((c) => c.triples[0]!.subject === 'DEU') ?? chains.find((c) => c.triples[0]!.object === 'DEU');
    for (const chain of chains) for (const triple of chain.triples) expect(['shares border with', 'currency']).toContain(triple.relationLabel);
    expect(chains.length).toBeGreaterThan(0);
    expect(viaGermany).toBeDefined();
    expect(viaGermany!.entities.find((e) => typeof e !== 'string' && e.name === 'Germany')).toEqual({ name: 'Germany', aliases: expect.arrayContaining(['Federal Republic of Germany']) });
  });

  const cases: [WalkRejection, Triple[], Partial<SampleWalksOptions>, ((labels: string[]) => void)?][] = [
    ['revisit', [t('A', 'r1', 'B'), t('B', 'r2', 'A')], { hops: 2 }],
    ['hub', [t('A', 'r1', 'H'), t('H', 'r2', 'X'), t('Y1', 'r3', 'H'), t('Y2', 'r3', 'H')], { hops: 2, maxDegree: 3 }],
    ['relation', [t('A', 'r1', 'B'), t('B', 'r2', 'C')], { hops: 2, relations: { deny: ['r2'] } }],
    ['repeated-relation', [t('A', 'r', 'B'), t('B', 'r', 'C')], { hops: 2 }],
    ['dead-end', [t('A', 'r1', 'B')], { hops: 2 }],
    ['ambiguous', [t('A', 'r1', 'B'), t('A', 'r1', 'C'), t('B', 'r2', 'D'), t('C', 'r2', 'E')], { hops: 2 }],
  ];
  it.each(cases)('rejects and counts %s; without the constraint the walk is kept', (reason, triples, options) => {
    return loadGraph(triples).then((graph) => {
      const run = sampleWalks(graph, { count: 20, seed: 5, maxAttempts: 5, ...options });
      const { chains, stats } = run.collect();
      expect(stats.rejected[reason]).toBeGreaterThan(0);
      expect(chains.every((c) => c.entities.length === 3)).toBe(true);
      // Lifting the one constraint lets the same graph give chains.
      const lifted: Partial<Record<WalkRejection, Partial<SampleWalksOptions>>> = {
        hub: { maxDegree: 100 }, relation: { relations: {} }, 'repeated-relation': { repeatRelations: true }, ambiguous: { unique: false }, 'dead-end': { hops: 1 },
      };
      if (reason !== 'revisit') {
        const kept = sampleWalks(graph, { count: 20, seed: 5, maxAttempts: 20, ...options, ...lifted[reason] }).collect();
        expect(kept.chains.length).toBeGreaterThan(0);
      }
    });
  });

  it('treats an entity with the label of one on the path as a revisit (Luxembourg, capital of Luxembourg)', () => {
    const { chains } = sampleWalks(countries, { count: 300, seed: 9, hops: [2, 3] }).collect();
    for (const chain of chains) {
      const labels = chain.entities.map((e) => (typeof e === 'string' ? e : e.name).toLowerCase());
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('skips unlabelled entities when the graph has labels', async () => {
    const graph = await loadGraph([t('A', 'r1', 'B'), t('B', 'r2', 'C'), t('A', 'r3', 'D'), t('D', 'r4', 'E')], {
      labels: [{ id: 'A', label: 'a' }, { id: 'B', label: 'b' }, { id: 'D', label: 'd' }, { id: 'E', label: 'e' }],
    });
    const { chains, stats } = sampleWalks(graph, { count: 20, seed: 2, hops: 2 }).collect();
    expect(stats.rejected.unlabelled).toBeGreaterThan(0);
    expect(chains.length).toBe(20);
    for (const chain of chains) expect(chain.answer.answer).toBe('e');
  });

  it('answer uniqueness is exact: the relation sequence from the start reaches one entity', async () => {
    const graph = await loadGraph(randomTriples(40, 200, 3, 9));
    const { chains } = sampleWalks(graph, { count: 100, seed: 4, hops: [2, 3] }).collect();
    expect(chains.length).toBeGreaterThan(0);
    for (const chain of chains) {
      let frontier = new Set([chain.triples[0]!.subject]);
      for (const triple of chain.triples) {
        const next = new Set<string>();
        for (const s of frontier) for (const e of graph.out(graph.node(s)!)) if (graph.relationId(e.relation) === triple.relation) next.add(graph.id(e.node));
        frontier = next;
      }
      expect([...frontier]).toEqual([chain.triples.at(-1)!.object]);
    }
  });

  it('hubPercentile keeps the top degrees out of the bridges', () => {
    const { chains, stats } = sampleWalks(countries, { count: 100, seed: 6, hops: 3, hubPercentile: 2 }).collect();
    expect(stats.rejected.hub).toBeGreaterThan(0);
    const bridges = chains.flatMap((c) => c.triples.slice(1).map((x) => x.subject));
    expect(bridges.some((id) => id === 'region:Africa' || id === 'language:eng')).toBe(false);
  });

  it.each([
    [{ count: -1 }, /count must be an integer ≥ 0/],
    [{ count: 1, hops: [3, 2] as [number, number] }, /hops: min 3 is above max 2/],
    [{ count: 1, shard: { index: 2, count: 2 } }, /shard\.index must be below shard\.count/],
    [{ count: 1, hubPercentile: 120 }, /hubPercentile must be a number in \[0, 100\)/],
    [{ count: 1, relations: { allow: 'P36' as never } }, /relations\.allow must be an array/],
    [{ count: 1, hops: [2, 4] as [number, number], hopWeights: [1, 1] }, /hopWeights must be 3 non-negative numbers/],
    [{ count: 1, hopWeights: [0, 0, 0] }, /not all 0/],
    [{ count: 1, maxAnswerShare: 0 }, /maxAnswerShare must be a number in \(0, 1\]/],
    [{ count: 1, maxBridgeShare: 1.5 }, /maxBridgeShare must be a number in \(0, 1\]/],
  ])('refuses bad options %j', (options, message) => {
    expect(() => sampleWalks(countries, options)).toThrow(message);
  });

  it('walks a generated graph of 200k edges', async () => {
    const graph = await loadGraph(randomTriples(20_000, 200_000, 50, 1));
    const { chains, stats } = sampleWalks(graph, { count: 500, seed: 1, hubPercentile: 1 }).collect();
    expect(chains.length).toBeGreaterThan(450);
    expect(stats.kept).toBe(chains.length);
  });

  // A sparse random graph: long walks hit dead ends far more often than short ones.
  it('hops 2-4 gives every length at least a fifth of the chains, and hopWeights skews it', async () => {
    const graph = await loadGraph(randomTriples(3000, 6000, 6, 11));
    const even = sampleWalks(graph, { count: 1500, seed: 2, hops: [2, 4], maxAnswerShare: 1, maxBridgeShare: 1 }).collect().stats;
    expect(Object.values(even.hops).reduce((a, b) => a + b, 0)).toBe(even.kept);
    for (const hops of [2, 3, 4]) expect(even.hops[hops]! / even.kept).toBeGreaterThanOrEqual(0.2);
    const skewed = sampleWalks(graph, { count: 1500, seed: 2, hops: [2, 4], hopWeights: [1, 1, 2], maxAnswerShare: 1, maxBridgeShare: 1 }).collect().stats;
    expect(skewed.hops[4]! / skewed.kept).toBeGreaterThan(0.4);
    expect(skewed.hops[4]! / skewed.kept).toBeLessThan(0.6);
  });

  /** 150 starts reach one answer C, 60 reach answers of their own; 120 more pass through one bridge H. */
  const skewedTriples = (): Triple[] => [
    ...Array.from({ length: 150 }, (_, i) => [t(`a${i}`, 'r1', `b${i}`), t(`b${i}`, 'r2', 'C')]).flat(),
    ...Array.from({ length: 60 }, (_, i) => [t(`x${i}`, 'r1', `y${i}`), t(`y${i}`, 'r2', `z${i}`)]).flat(),
    ...Array.from({ length: 120 }, (_, i) => t(`h${i}`, 'r3', 'H')),
    ...Array.from({ length: 40 }, (_, k) => t('H', `s${k}`, `d${k}`)),
  ];
  const share = (counts: Record<string, number>, id: string, kept: number): number => (counts[id] ?? 0) / kept;

  it.each([
    ['answer', 'C', (s: ReturnType<typeof sampleWalks>['stats']) => s.answers, { maxAnswerShare: 0.05 }, 0.05],
    ['bridge', 'H', (s: ReturnType<typeof sampleWalks>['stats']) => s.bridges, { maxBridgeShare: 0.03 }, 0.03],
  ] as const)('caps the share of the commonest %s (%s) by default and reports it', async (_kind, id, counts, cap, limit) => {
    const graph = await loadGraph(skewedTriples());
    const open = sampleWalks(graph, { count: 2000, seed: 1, hops: 2, hubPercentile: 0, maxAnswerShare: 1, maxBridgeShare: 1 }).collect().stats;
    expect(share(counts(open), id, open.kept)).toBeGreaterThan(0.25);
    const run = sampleWalks(graph, { count: 2000, seed: 1, hops: 2, hubPercentile: 0, ...cap });
    const { stats } = run.collect();
    expect(share(counts(stats), id, stats.kept)).toBeLessThanOrEqual(limit);
    expect(share(counts(stats), id, stats.kept)).toBeGreaterThan(0);
    expect(stats.rejected[id === 'C' ? 'answer-share' : 'bridge-share']).toBeGreaterThan(0);
    const top = run.commonest(3)[id === 'C' ? 'answers' : 'bridges'];
    expect(top[0]).toMatchObject({ id, label: id });
    expect(top[0]!.share).toBeCloseTo(share(counts(stats), id, stats.kept), 10);
  });

  it('a cap the graph cannot meet (one possible answer) is given up, not a run with no chains', async () => {
    const graph = await loadGraph([t('A', 'r1', 'B'), t('B', 'r2', 'C')]);
    expect(sampleWalks(graph, { count: 10, seed: 1, hops: 2 }).collect().stats.kept).toBe(10);
  });

  it('property: with the caps and hop weights at work, shards add up to the unsharded run exactly', async () => {
    const graph = await loadGraph([...skewedTriples(), ...randomTriples(200, 400, 3, 5)]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom([1, 1], [1, 3]), (seed, shards, hopWeights) => {
        const options: SampleWalksOptions = { count: 30, seed, hops: [1, 2], hopWeights, pilotWalks: 300, hubPercentile: 0 };
        const whole = sampleWalks(graph, options).collect();
        const parts = Array.from({ length: shards }, (_, index) => sampleWalks(graph, { ...options, shard: { index, count: shards } }).collect());
        const union = parts.flatMap((p) => p.chains).sort((x, y) => Number(x.id.split('-')[2]) - Number(y.id.split('-')[2]));
        expect(union).toEqual(whole.chains);
        for (const reason of WALK_REJECTIONS) expect(parts.reduce((sum, p) => sum + p.stats.rejected[reason], 0)).toBe(whole.stats.rejected[reason]);
      }),
      { numRuns: 25 },
    );
  });

  it.each([
    [{ allow: ['capitol'] }, 'relations.allow: no relation "capitol" in the graph; closest: "capital" (P36)'],
    [{ deny: ['nonexistent'] }, 'relations.deny: no relation "nonexistent" in the graph; closest: '],
    [{ allow: ['currency', 'offical language'] }, 'no relation "offical language" in the graph; closest: "official language" (P37)'],
  ])('an unknown relation in %j is an error naming it and the closest labels', (relations, message) => {
    expect(() => sampleWalks(countries, { count: 1, relations })).toThrow(message);
  });

  it('a relation label matches ignoring case', () => {
    const { chains } = sampleWalks(countries, { count: 20, seed: 1, hops: 1, relations: { allow: ['Currency'] } }).collect();
    expect(chains.length).toBeGreaterThan(0);
    for (const chain of chains) expect(chain.triples[0]!.relationLabel).toBe('currency');
  });

  // CoDEx-M (tsafavi/codex, in the project's shared data; absent elsewhere, then skipped): the figures issue 26 asks for, with the defaults.
  const codex = ['../../../shared', '../../../../shared'].map((up) => fileURLToPath(new URL(`${up}/data/codex/`, import.meta.url))).find((dir) => existsSync(`${dir}codex-m-train.tsv`));
  it.skipIf(codex === undefined)('on CoDEx-M with the defaults: every length ≥ 20% of the chains, no answer > 5%, no bridge > 3%', async () => {
    const graph = await loadGraph(`${codex!}codex-m-train.tsv`, { relations: `${codex!}relations.en.json` });
    const run = sampleWalks(graph, { count: 4000, seed: 0 });
    const { stats } = run.collect();
    expect(stats.kept).toBeGreaterThan(1500);
    for (const hops of [2, 3, 4]) expect(stats.hops[hops]! / stats.kept).toBeGreaterThanOrEqual(0.2);
    const { answers, bridges } = run.commonest(1);
    expect(answers[0]!.share).toBeLessThanOrEqual(0.05);
    expect(bridges[0]!.share).toBeLessThanOrEqual(0.03);
  }, 120_000);

  it('property: deterministic, no revisits, every triple an edge, hops in range', async () => {
    const graph = await loadGraph(randomTriples(60, 400, 4, 3));
    const edgeSet = new Set([...graph.triples()].map((x) => `${x.subject} ${x.relation} ${x.object}`));
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), (seed, min, extra) => {
        const options = { count: 8, seed, hops: [min, min + extra] as [number, number], unique: false, pilotWalks: 100 };
        const chains = sampleWalks(graph, options).collect().chains;
        expect(sampleWalks(graph, options).collect().chains).toEqual(chains);
        for (const chain of chains) {
          const path = [chain.triples[0]!.subject, ...chain.triples.map((x) => x.object)];
          expect(new Set(path).size).toBe(path.length);
          expect(chain.triples.length).toBeGreaterThanOrEqual(min);
          expect(chain.triples.length).toBeLessThanOrEqual(min + extra);
          chain.triples.forEach((x, k) => {
            expect(edgeSet.has(`${x.subject} ${x.relation} ${x.object}`)).toBe(true);
            if (k > 0) expect(x.subject).toBe(chain.triples[k - 1]!.object);
            if (k > 0) expect(x.relation).not.toBe(chain.triples[k - 1]!.relation);
          });
        }
      }),
      { numRuns: 60 },
    );
  });
});
