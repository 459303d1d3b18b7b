// Public entry point of `longtrace-reward/data`: the training-data half (graph walks, questions,
// tiered distractors, long contexts, training rows). The scorers' entry (`longtrace-reward`) never
// imports this file. Every export is listed by name.
export type { Triple, LabelledTriple, Chain, Doc, Trajectory, GoldEntity, GoldAnswer } from './types.js';
// Graph, walks and questions (issue 12).
export { loadGraph, type LoadGraphOptions, type EntityLabel, type RelationLabel, type GraphFormat } from './load-graph.js';
export { KnowledgeGraph, type Edge, type GraphLoadStats, type GraphParts } from './knowledge-graph.js';
export { GraphError } from './graph-error.js';
export {
  sampleWalks, walkSeed, degreeAtPercentile, WALK_REJECTIONS,
  type SampleWalksOptions, type WalkRejection, type WalkRun, type WalkStats,
} from './sample-walks.js';
