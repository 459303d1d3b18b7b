// Measures what the walker and the template writer make on a real graph: the mix of hop counts,
// the commonest answers and bridge entities with their share of the chains, and the share of
// template questions the grammar checker (src/data/question-grammar.ts) finds a slip in.
//   npx tsx scripts/measure-walks.ts                      # CoDEx-M (../shared/data/codex), defaults
//   npx tsx scripts/measure-walks.ts --graph countries    # the bundled country graph
//   npx tsx scripts/measure-walks.ts -n 20000 --seed 1 --options '{"hubPercentile":0,"maxAnswerShare":1}'
// CoDEx ships no entity labels, so its entities read as their ids ("What is the country of Q90?"):
// the grammar measured is that of the relation phrasings, which is what the template writer adds.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGraph, sampleWalks, templateQuestion, type SampleWalksOptions } from '../src/data/index.js';
import { questionGrammar } from '../src/data/question-grammar.js';

const { values } = parseArgs({
  options: {
    graph: { type: 'string', default: 'codex' },
    count: { type: 'string', short: 'n', default: '20000' },
    seed: { type: 'string', default: '0' },
    hops: { type: 'string', default: '2-4' },
    relations: { type: 'string' },
    options: { type: 'string', default: '{}' },
    examples: { type: 'string', default: '5' },
  },
});

const root = join(import.meta.dirname, '..');
// The shared data sits beside the repository (/work/shared beside /work/main), or two levels up from a worktree.
const codex = [join(root, '..', 'shared', 'data', 'codex'), join(root, '..', '..', 'shared', 'data', 'codex')].find((dir) => existsSync(dir)) ?? '';
const source =
  values.graph === 'countries'
    ? { graph: join(root, 'fixtures/graph/countries.tsv'), labels: join(root, 'fixtures/graph/countries-labels.jsonl'), relations: join(root, 'fixtures/graph/countries-relations.jsonl') }
    : { graph: join(codex, 'codex-m-train.tsv'), labels: undefined, relations: values.relations ?? join(codex, 'relations.en.json') };
if (!existsSync(source.graph)) throw new Error(`no graph at ${source.graph}`);

const started = performance.now();
const graph = await loadGraph(source.graph, { labels: source.labels, relations: source.relations });
const loaded = performance.now();
const [min, max] = values.hops.split('-').map(Number) as [number, number?];
const options: SampleWalksOptions = {
  count: Number(values.count), seed: Number(values.seed), hops: [min, max ?? min],
  ...(JSON.parse(values.options) as Partial<SampleWalksOptions>),
};
const { chains, stats } = sampleWalks(graph, options).collect();
const walked = performance.now();

const hops = new Map<number, number>();
const answers = new Map<string, number>();
const bridges = new Map<string, number>();
let ungrammatical = 0;
const slips = new Map<string, { count: number; example: string }>();
for (const chain of chains) {
  hops.set(chain.triples.length, (hops.get(chain.triples.length) ?? 0) + 1);
  answers.set(chain.answer.answer, (answers.get(chain.answer.answer) ?? 0) + 1);
  for (const bridge of new Set(chain.triples.slice(0, -1).map((t) => t.objectLabel))) bridges.set(bridge, (bridges.get(bridge) ?? 0) + 1);
  const question = templateQuestion(chain);
  const problems = questionGrammar(question);
  if (problems.length > 0) {
    ungrammatical++;
    // Group slips by the relation sequence, so the report names the phrasings at fault.
    const key = chain.triples.map((t) => t.relationLabel).join(' > ');
    const entry = slips.get(key) ?? { count: 0, example: question };
    entry.count++;
    slips.set(key, entry);
  }
}
const share = (n: number): string => `${((100 * n) / Math.max(1, chains.length)).toFixed(1)}%`;
const top = (counts: Map<string, number>, k: number): string[] => [...counts].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, n]) => `${name} ${share(n)}`);
console.log(JSON.stringify({
  graph: values.graph, nodes: graph.nodeCount, edges: graph.edgeCount, options,
  walks: stats.walks, kept: chains.length, exhausted: stats.exhausted,
  hops: Object.fromEntries([...hops].sort((a, b) => a[0] - b[0]).map(([h, n]) => [h, share(n)])),
  topAnswers: top(answers, 5), topBridges: top(bridges, 5),
  ungrammatical: share(ungrammatical),
  slips: [...slips].sort((a, b) => b[1].count - a[1].count).slice(0, Number(values.examples)).map(([key, s]) => `${s.count}× ${key}: ${s.example}`),
  seconds: { load: Number(((loaded - started) / 1000).toFixed(2)), walk: Number(((walked - loaded) / 1000).toFixed(2)) },
}, null, 2));
