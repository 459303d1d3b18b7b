// A budget on the model calls of a run: a transport wrapper that counts the calls that reach the
// model (a reply cache in front answers without spending any) and the tokens the API reports in
// `usage`, and refuses a call once either limit is reached, so a run stops cleanly and can be
// continued. Calls already under way finish: with N at once, the token limit can be passed by what
// those N use.
import { LongtraceError } from '../errors.js';
import type { ChatReply, ChatRequest, ChatTransport, SendOptions } from './chat-request.js';

/** Limits of a run; an absent limit is no limit. */
export interface BudgetLimits {
  /** Model calls (requests that reach the transport; retries are the transport's own). */
  maxCalls?: number | undefined;
  /** Tokens used, as the API's `usage.total_tokens` reports them. */
  maxTokens?: number | undefined;
}

/** What a run spent on its model: calls made and tokens reported. */
export interface BudgetUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A call was refused because the run spent its budget; rows already done are kept. */
export class BudgetExhaustedError extends LongtraceError {
  override name = 'BudgetExhaustedError';
  /** Which limit was reached. */
  readonly limit: 'calls' | 'tokens';
  constructor(limit: 'calls' | 'tokens', message: string) {
    super('BUDGET_EXHAUSTED', message);
    this.limit = limit;
  }
}

/** A transport that spends from a budget, and what it spent. */
export interface BudgetedTransport extends ChatTransport {
  usage(): BudgetUsage;
}

/**
 * `transport` with limits on calls and tokens: a call past either limit rejects with a
 * `BudgetExhaustedError` before it is sent.
 * @example const budgeted = withBudget(client, { maxCalls: 1000 }); const cached = withReplyCache(budgeted, store);
 */
export function withBudget(transport: ChatTransport, limits: BudgetLimits): BudgetedTransport {
  const used: BudgetUsage = { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  async function send(request: ChatRequest, options?: SendOptions): Promise<ChatReply> {
    if (limits.maxCalls !== undefined && used.calls >= limits.maxCalls) {
      throw new BudgetExhaustedError('calls', `the budget of ${limits.maxCalls} model calls is spent`);
    }
    if (limits.maxTokens !== undefined && used.totalTokens >= limits.maxTokens) {
      throw new BudgetExhaustedError('tokens', `the budget of ${limits.maxTokens} tokens is spent (${used.totalTokens} used)`);
    }
    used.calls++;
    const reply = await transport.send(request, options);
    if (reply.usage !== undefined) {
      used.promptTokens += reply.usage.promptTokens;
      used.completionTokens += reply.usage.completionTokens;
      used.totalTokens += reply.usage.totalTokens;
    }
    return reply;
  }
  const budgeted: BudgetedTransport = { model: transport.model, send, usage: () => ({ ...used }) };
  if (transport.baseURL !== undefined) Object.assign(budgeted, { baseURL: transport.baseURL });
  if (transport.defaults !== undefined) Object.assign(budgeted, { defaults: transport.defaults });
  return budgeted;
}
