// The bundled country graph as the data commands' tests use it: its CLI flags, a corpus made from it,
// and the number of distinct model requests of a chains file.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpusFromGraph, describeChain, loadGraph, type Chain } from '../../src/data/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/graph/${name}`, import.meta.url));

/** `--graph`, `--labels` and `--relations` of the bundled country graph. */
export const GRAPH = ['--graph', fixture('countries.tsv'), '--labels', fixture('countries-labels.jsonl'), '--relations', fixture('countries-relations.jsonl')];

/** Writes the country graph's corpus (one document per entity) to `path` as JSONL. */
export async function writeGraphCorpus(path: string): Promise<void> {
  const graph = await loadGraph(fixture('countries.tsv'), { labels: fixture('countries-labels.jsonl'), relations: fixture('countries-relations.jsonl') });
  writeFileSync(path, [...corpusFromGraph(graph)].map((d) => JSON.stringify(d)).join('\n') + '\n');
}

/** Distinct model requests of a chains file (two chains asking the same share one call and one cache entry). */
export function distinctChains(path: string): number {
  return new Set(readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => describeChain(JSON.parse(l) as Chain))).size;
}
