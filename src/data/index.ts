// Public entry point of `longtrace-reward/data`: the training-data half (graph walks, questions,
// tiered distractors, long contexts, training rows). The scorers' entry (`longtrace-reward`) never
// imports this file. Every export is listed by name.
export type { Triple, LabelledTriple, Chain, Doc, Trajectory, GoldEntity, GoldAnswer } from './types.js';
