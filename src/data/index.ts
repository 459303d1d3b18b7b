// Public entry point of `longtrace-reward/data`: the training-data half (graph walks, questions,
// tiered distractors, long contexts, training rows). The scorers' entry (`longtrace-reward`) never
// imports this file. Every export is listed by name.
export type { Triple, LabelledTriple, Chain, Doc, Trajectory, GoldEntity, GoldAnswer } from './types.js';
// Graph, walks and questions (issue 12).
export { loadGraph, MAX_ENTITIES, type LoadGraphOptions, type EntityLabel, type RelationLabel, type GraphFormat } from './load-graph.js';
export { KnowledgeGraph, type Edge, type GraphLoadStats, type GraphParts } from './knowledge-graph.js';
export { GraphError } from './graph-error.js';
export {
  sampleWalks, walkSeed, degreeAtPercentile, WALK_REJECTIONS,
  type SampleWalksOptions, type WalkRejection, type WalkRun, type WalkStats,
} from './sample-walks.js';
export { templateQuestion, DEFAULT_PHRASINGS, type Phrasings, type TemplateQuestionOptions } from './template-question.js';
export { checkQuestion, CLOSED_BOOK_PROMPT, type CheckQuestionOptions, type QuestionCheck, type QuestionProblem } from './check-question.js';
export {
  writeQuestions, readQuestion, describeChain, QUESTION_WRITER_PROMPT, type WriteQuestionsOptions, type WrittenQuestion,
} from './write-questions.js';
// The chat client the question writer and the closed-book check use (the judge's HTTP machinery).
export { createLlmClient, LlmError, type ChatModel, type LlmClient, type LlmClientOptions, type LlmErrorCode } from '../llm/index.js';
export type { ChatRequestMessage, ChatClientStats } from '../llm/index.js';
