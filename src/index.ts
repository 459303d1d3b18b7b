// Public entry point of longtrace-reward. Every export is listed by name; the text layer's
// tokenizer internals (char tables, the raw scan) and the compiled-alias trie stay private.
export { rubricReward, rubricScore, groupRewards } from './rubric/index.js';
export type {
  RewardInput, RewardOptions, RewardResult, RewardStrategy, RubricScore, RubricScoreOptions, RubricSource,
  DistractorReport, GroupOptions, GroupRewards,
} from './rubric/index.js';
export { createScorer, defaultScorer } from './rubric/index.js';
export type { Scorer, ScorerOptions, CacheStats } from './rubric/index.js';
export { verifyAnswer, extractFinalAnswer, goldAliases } from './verify/index.js';
export type { Verdict, VerdictMethod, VerifyOptions, ExtractedAnswer, ExtractionMethod, GoldAnswer } from './verify/index.js';
export { createEntityMatcher, matchEntities } from './entities/index.js';
export type {
  EntityHit, EntityMatcher, EntityMatcherOptions, GoldEntity, MatchOptions, Mention, MentionHow, TextRange,
} from './entities/index.js';
export { splitResponse, splitMessages, spanText } from './response/index.js';
export type { ChatMessage, SplitMessages, SplitOptions, SplitResponse, Span, ExcludedBlock, ToolCallBlock } from './response/index.js';
export { tokenize, normalizeText } from './text/index.js';
export type { Token, TokenKind } from './text/index.js';
export { LongtraceError, ValidationError } from './errors.js';
export type { ErrorCode, ValidationIssue } from './errors.js';
// The LLM judge and the rule-then-judge cascade. Its retry, timeout and abort helpers stay private.
export {
  createJudge, verifyAnswerAsync, rubricRewardAsync, settleReward, parseJudgeReply, buildJudgeMessages, JudgeError,
  JUDGE_SYSTEM_PROMPT, JUDGE_USER_TEMPLATE, JUDGE_LATENCY_BUCKETS_MS, JUDGE_MODES, ON_JUDGE_ERROR,
} from './judge/index.js';
export type {
  Judge, JudgeOptions, JudgeRequest, JudgeResult, JudgeStats, LatencyHistogram, JudgeErrorCode, JudgeReply,
  JudgeMessage, JudgePromptInput, AsyncVerdict, AsyncVerifyOptions, JudgeCallOptions, JudgeMode, OnJudgeError,
  AsyncRewardOptions, AsyncRewardResult,
} from './judge/index.js';
