// A corpus written from a knowledge graph, for offline demos and tests: one page per labelled
// entity, one sentence per out-edge. Real runs use a real corpus (Wikipedia passages).
import type { KnowledgeGraph } from './knowledge-graph.js';
import type { Doc } from './types.js';

/** One page per labelled entity, one line per out-edge: "Germany — capital: Berlin." */
export function corpusFromGraph(graph: KnowledgeGraph): Doc[] {
  const docs: Doc[] = [];
  for (let n = 0; n < graph.nodeCount; n++) {
    if (!graph.hasLabel(n)) continue;
    const label = graph.label(n);
    const sentences = graph.out(n).map((e) => `${label} — ${graph.relationLabel(e.relation)}: ${graph.label(e.node)}.`);
    if (sentences.length === 0) continue;
    docs.push({ id: graph.id(n), title: label, text: sentences.join(' ') });
  }
  return docs;
}
