import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { rubricReward } from '../index.js';
import { loadGraph, sampleWalks, walkSeed, type KnowledgeGraph, type SampleWalksOptions, type Triple, type WalkRejection } from './index.js';

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
    expect(a.length).toBeGreaterThan(40);
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
  ])('refuses bad options %j', (options, message) => {
    expect(() => sampleWalks(countries, options)).toThrow(message);
  });

  it('walks a generated graph of 200k edges', async () => {
    const graph = await loadGraph(randomTriples(20_000, 200_000, 50, 1));
    const { chains, stats } = sampleWalks(graph, { count: 500, seed: 1, hubPercentile: 1 }).collect();
    expect(chains.length).toBeGreaterThan(450);
    expect(stats.kept).toBe(chains.length);
  });

  it('property: deterministic, no revisits, every triple an edge, hops in range', async () => {
    const graph = await loadGraph(randomTriples(60, 400, 4, 3));
    const edgeSet = new Set([...graph.triples()].map((x) => `${x.subject} ${x.relation} ${x.object}`));
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), (seed, min, extra) => {
        const options = { count: 8, seed, hops: [min, min + extra] as [number, number], unique: false };
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
