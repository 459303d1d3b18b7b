// What every command that calls a model shares: the reply cache (`--cache DIR`, `--no-cache`),
// the budgets (`--max-calls`, `--max-tokens`) and the start-up check of the endpoint. The client
// a command uses is the endpoint's client wrapped as cache → budget → client, so a reply the cache
// has costs no call and no budget.
import {
  createFileReplyStore, defaultReplyCacheDir, llmClientOver, probeEndpoint, withBudget, withReplyCache,
  type BudgetUsage, type FileReplyStore, type LlmClient, type ReplyStoreStats,
} from '../../llm/index.js';
import type { ModelRunOptions } from './model-options.js';

/** A model client ready for a run, with what it spent and what its cache did. */
export interface ModelRun {
  client: LlmClient;
  /** The cache directory, or undefined with --no-cache. */
  cacheDir: string | undefined;
  usage(): BudgetUsage;
  cache(): ReplyStoreStats | undefined;
}

/**
 * Checks the endpoint with one request (a problem is returned, nothing is written), then wraps
 * `base` with the budget and the reply cache. Cache warnings go to `warn`.
 */
export async function openModelRun(
  base: LlmClient,
  options: ModelRunOptions,
  endpoint: { baseURL: string; apiKey?: string | undefined; keyEnv: string },
  warn: (text: string) => void,
): Promise<{ run: ModelRun } | { problem: string }> {
  const problem = await probeEndpoint(endpoint.baseURL, { apiKey: endpoint.apiKey, keyEnv: endpoint.keyEnv });
  if (problem !== undefined) return { problem: `the model endpoint ${endpoint.baseURL}: ${problem}; nothing was written` };
  const budgeted = withBudget(base, { maxCalls: options.maxCalls, maxTokens: options.maxTokens });
  let store: FileReplyStore | undefined;
  if (options.cache !== false) {
    const dir = typeof options.cache === 'string' ? options.cache : defaultReplyCacheDir();
    store = createFileReplyStore({ dir, onWarning: (message) => warn(`warning: ${message}\n`) });
  }
  const transport = store === undefined ? budgeted : withReplyCache(budgeted, store);
  return {
    run: {
      client: llmClientOver(transport, base),
      cacheDir: store?.dir,
      usage: () => budgeted.usage(),
      cache: () => store?.stats(),
    },
  };
}

/** The summary fields of a model run: calls, tokens, cache hits and misses. */
export function modelRunSummary(run: ModelRun): Record<string, number | string> {
  const usage = run.usage();
  const cache = run.cache();
  return {
    calls: usage.calls,
    tokens: usage.totalTokens,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    ...(cache === undefined ? { cache: 'off' } : { cacheHits: cache.hits, cacheMisses: cache.misses }),
  };
}
