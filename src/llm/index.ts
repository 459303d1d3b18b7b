// The shared client of OpenAI-compatible chat endpoints (internal: the judge and the data half use
// it; the public surface is the judge's and the question writer's options).
export { createChatClient, type ChatClient, type ChatClientSetup, type ChatClientStats } from './chat-client.js';
export { checkChatOptions, checkNumber, type ChatClientOptions, type ChatConfig } from './chat-options.js';
export { messageContent, type ChatError, type ChatErrorDetails, type ChatFailure, type ChatRequestMessage, type ChatWording, type MakeChatError } from './http-attempt.js';
export { LatencyRecorder, LLM_LATENCY_BUCKETS_MS, type LatencyHistogram } from './latency-histogram.js';
export { DeadlineReached, sleep, untilAborted } from './abort.js';
export { backoff, retryAfter } from './backoff.js';
export { createLlmClient, type ChatModel, type LlmClient, type LlmClientOptions } from './llm-client.js';
export { LlmError, type LlmErrorCode } from './llm-error.js';
