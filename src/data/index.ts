// Public entry point of `longtrace-reward/data`: the training-data half (graph walks, questions,
// tiered distractors, long contexts, training rows). The scorers' entry (`longtrace-reward`) never
// imports this file. Every export is listed by name.
export type { Triple, LabelledTriple, Chain, Doc, Trajectory, GoldEntity, GoldAnswer } from './types.js';
// Trajectories, corpora and distractor tiers (the BM25 fallback loads wink-bm25-text-search lazily).
export { readTrajectory, detectFormat, parseNumberedDocs, citedByName, DEFAULT_SEARCH_TOOLS, DEFAULT_OPEN_TOOLS } from './trajectory.js';
export type { ReadTrajectoryOptions, TrajectoryFormat, ToolNames } from './trajectory.js';
export { readTrajectoryFile, readTrajectoryRecords, type TrajectoryRecords } from './read-trajectories.js';
// Corpora behind one interface (DocumentStore), and one notion of document identity (doc keys).
export { indexCorpus, createMemoryStore, readCorpusFile, readCorpusLines, loadCorpus, docFromRow, splitWikiContents, urlKey, titleKey, docKeys, isDocumentStore } from './corpus/index.js';
export type { Corpus, CorpusIndex, DocumentStore, CorpusLine, CorpusSkipReason, ReadCorpusOptions } from './corpus/index.js';
// A corpus too large for memory: an on-disk index (data index), and one opener for JSONL or index.
export { openIndexStore, buildCorpusIndex, CorpusIndexError, CORPUS_INDEX_VERSION, CORPUS_INDEX_FORMAT } from './corpus/index.js';
export type { IndexStore, CorpusIndexMeta, CorpusIndexProblem, OpenIndexOptions, BuildIndexOptions, BuildIndexResult, IndexProgress } from './corpus/index.js';
export { openCorpus, detectCorpusKind } from './open-corpus.js';
export type { OpenedCorpus, OpenCorpusOptions, CorpusSearch } from './open-corpus.js';
export { corpusFromGraph } from './graph-corpus.js';
export { tierDocuments, answerMatcher, mentionsAnswer } from './tiers.js';
export type { TierInput, TierOptions, Tiers, DroppedDoc, DropReason, TierSource } from './tiers.js';
// Search engines behind one interface (SearchBackend); BM25 in memory loads wink-bm25-text-search lazily.
export type { SearchBackend, SearchHit } from './search/search-backend.js';
export { createBm25Retriever, searchTerms, BM25_STOP_WORDS } from './search/bm25-memory.js';
export type { Bm25Retriever, Bm25Options } from './search/bm25-memory.js';
export { createIndexSearch } from './search/index-fts.js';
export type { IndexSearch, IndexSearchOptions } from './search/index-fts.js';
export { simulateTrajectory, bm25Tiers } from './bm25-tiers.js';
export { createRetrieveClient, type RetrieveClient, type RetrieveClientOptions, type RetrieveClientStats } from './search/retrieve-http.js';
export { docFromWire, docToWire, type WireDocument } from './search/retrieve-wire.js';
export { RetrieverError, type RetrieverErrorCode } from './search/retriever-error.js';
// The search agent that makes trajectories: OpenAI tool calling, or the Search-R1 / R1-Searcher text protocols.
export { runSearchAgent, collectTrajectories, type CollectTrajectoriesOptions } from './agent/run-agent.js';
export type {
  SearchAgentOptions, SearchAgentResult, AgentStop, AgentStep, AgentTrajectory, AgentResultDoc, TagsOptions, AgentQuestion, TrajectoryRow,
} from './agent/agent-types.js';
export { AGENT_TOOLS, TOOLS_SYSTEM_PROMPT } from './agent/tools-protocol.js';
export { searchR1Prompt, r1SearcherPrompt, chatMlPrompt, SEARCH_R1_INVALID_ACTION } from './agent/tags-protocol.js';
export { SEARCH_R1_MARKERS, R1_SEARCHER_MARKERS, searchR1DocLine, r1SearcherDocLine, type TraceMarkers } from './trace-markers.js';
export type { SimulateOptions, Bm25TierInput } from './bm25-tiers.js';
// Long contexts to a token budget, and token counters (exact Qwen3 counts load an optional peer on demand).
export { buildContext, goldPositions, DEFAULT_INSTRUCTION, DEFAULT_DOC_TEMPLATE } from './context.js';
export type { Context, ContextDoc, ContextDocs, ContextOptions, ContextTier, GoldPlacement, LeftOut } from './context.js';
export { approxTokenizer, approxTokenCount, loadTokenizer, loadQwen3Tokenizer, loadTokenizerFile } from './tokenizer.js';
export type { Tokenizer } from './tokenizer.js';
// Training rows (slime, verl, OpenRLHF, native) with provenance, one question's row, and the manifest of a run.
export { toTrainingRow, provenanceOf, TRAINING_FORMATS } from './training-row.js';
export { fromTrainingRow, type TrainingRowParts } from './from-training-row.js';
export {
  isParquetFile, parquetRowCount, parquetRowSchema, parquetSchemaElements, readParquetRows, toParquetRow, writeParquetRows,
  type ParquetColumn, type ParquetRowSchema, type ParquetSchemaElement, type ParquetSchemaOptions, type ParquetWriteResult, type WriteParquetOptions,
} from './parquet-rows.js';
export type {
  TrainingFormat, TrainingSample, TrainingRow, TrainingRowOptions, Provenance, SlimeRow, VerlRow, OpenRlhfRow, NativeTrainingRow,
} from './training-row.js';
export { buildRow, goldDocs, BuildStats, type BuildRowConfig, type BuildOutcome, type QuestionRow } from './build-row.js';
export { createManifest, type Manifest, type ManifestInput, type RunStatus } from './manifest.js';
// Graph, walks and questions.
export { loadGraph, MAX_ENTITIES, type LoadGraphOptions, type EntityLabel, type RelationLabel, type GraphFormat } from './load-graph.js';
export { KnowledgeGraph, type Edge, type GraphLoadStats, type GraphParts } from './knowledge-graph.js';
export { GraphError } from './graph-error.js';
export {
  sampleWalks, walkSeed, degreeAtPercentile, WALK_REJECTIONS,
  type SampleWalksOptions, type WalkRejection, type WalkRun, type WalkStats,
} from './sample-walks.js';
export { templateQuestion, phraseRelation, DEFAULT_PHRASINGS, type Phrasings, type TemplateQuestionOptions } from './template-question.js';
export { checkQuestion, chainProblem, CLOSED_BOOK_PROMPT, type CheckQuestionOptions, type QuestionCheck, type QuestionProblem } from './check-question.js';
export {
  writeQuestions, readQuestion, describeChain, QUESTION_WRITER_PROMPT, type WriteQuestionsOptions, type WrittenQuestion,
} from './write-questions.js';
// The chat client the question writer, the closed-book check and the search agent use (the judge's
// HTTP machinery), its typed request → reply transport, and the on-disk cache of model replies.
export { createLlmClient, llmClientOver, withBudget, BudgetExhaustedError, LlmError, type ChatModel, type LlmClient, type LlmClientOptions, type LlmErrorCode } from '../llm/index.js';
export type { ChatRequestMessage, ChatClientStats } from '../llm/index.js';
export { completeWith, withReplyCache, replyCacheKey, createMemoryReplyStore, createFileReplyStore, defaultReplyCacheDir } from '../llm/index.js';
export type {
  ChatTransport, ChatRequest, ChatMessagesRequest, PromptRequest, SamplingFields, ChatReply, SendOptions, ToolCall, FunctionTool, ToolChoice, Usage,
  ReplyStore, ReplyStoreStats, FileReplyStore, FileReplyStoreOptions, BudgetLimits, BudgetUsage, BudgetedTransport,
} from '../llm/index.js';
// One data run from one config (`data run`): stages planned, skipped when unchanged, resumed when stopped.
export { PipelineConfigSchema, PIPELINE_STAGES, loadPipelineConfig, planPipeline, runPipeline, stagePaths } from './pipeline.js';
export type { PipelineConfig, PipelineStageName, PlannedStage, StageRecord, StageTask, StageRunner, StageResult, PipelineEvents } from './pipeline.js';
