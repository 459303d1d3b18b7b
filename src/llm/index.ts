// The shared client of OpenAI-compatible chat endpoints (internal: the judge and the data half use
// it; the public surface is the judge's options and what src/data re-exports).
export { createChatClient, type ChatClient, type ChatClientSetup, type ChatClientStats } from './chat-client.js';
export { checkChatOptions, checkNumber, type ChatClientOptions, type ChatConfig } from './chat-options.js';
export { messageContent, type ChatError, type ChatErrorDetails, type ChatFailure, type ChatWording, type MakeChatError } from './http-attempt.js';
export {
  completeWith,
  type ChatMessagesRequest, type ChatReply, type ChatRequest, type ChatRequestMessage, type ChatTransport, type FunctionTool,
  type PromptRequest, type SamplingFields, type SendOptions, type ToolCall, type ToolChoice, type Usage,
} from './chat-request.js';
export { SingleFlight } from './single-flight.js';
export { LatencyRecorder, LLM_LATENCY_BUCKETS_MS, type LatencyHistogram } from './latency-histogram.js';
export { DeadlineReached, sleep, untilAborted } from './abort.js';
export { backoff, retryAfter } from './backoff.js';
export { createLlmClient, llmClientOver, type ChatModel, type LlmClient, type LlmClientOptions } from './llm-client.js';
export { LlmError, type LlmErrorCode } from './llm-error.js';
export { withReplyCache, replyCacheKey, createMemoryReplyStore, type ReplyStore, type ReplyStoreStats } from './reply-cache.js';
export { createFileReplyStore, defaultReplyCacheDir, type FileReplyStore, type FileReplyStoreOptions } from './reply-store-file.js';
export { withBudget, BudgetExhaustedError, type BudgetLimits, type BudgetUsage, type BudgetedTransport } from './budget.js';
export { probeEndpoint } from './probe-endpoint.js';
