// `POST /evaluate` as LongTraceRL's `launch_server.py` computes it (THU-KEG/LongTraceRL @ 415b643,
// cited below as `ref:LINE`), with the answer verifier and the entity matcher in place of its LLM
// judge and its substring count. A body with the endpoint's shape always gets a reward: one
// sample's odd data becomes a warning (and zeros, or a rubric left out), never a 4xx, because
// slime's `remote_rm` retries a 4xx ten times and then fails the training step.
import { z } from 'zod';
import { normalizeEntities, type GoldEntity } from '../entities/index.js';
import { ValidationError } from '../errors.js';
import type { ChatMessage } from '../response/index.js';
import { combine, type RewardOptions, type RewardStrategy } from '../rubric/index.js';
import { parseWith, StrategySchema } from '../schema.js';
import { goldAliases, isWordlessGold, type GoldAnswer } from '../verify/index.js';

/** Something odd in one sample that was scored anyway; `code` is stable (a metrics label). */
export interface RewardWarning {
  code: WarningCode;
  message: string;
  /** The field, as the caller sent it (`extra_reward_info.rubrics[2]`). */
  path?: string;
}

export type WarningCode =
  | 'history-not-assistant-last'
  | 'history-and-response'
  | 'unknown-role'
  | 'message-not-text'
  | 'no-final-content'
  | 'label-null'
  | 'label-number'
  | 'label-unusable'
  | 'label-no-words'
  | 'sample-failed'
  | 'rubric-number'
  | 'rubric-unusable'
  | 'chunk-id-unusable'
  | 'rubrics-not-list'
  | 'ratio-unusable'
  | 'ratio-out-of-range'
  | 'question-not-text'
  | 'strategy-unknown'
  | 'think-unclosed'
  | 'prompt-not-in-query';

/** The warning for a gold answer of punctuation only ("!!!", "?"). */
export const WORDLESS_LABEL = 'the label has no word, number or letter ("!!!", "?"): only an answer written the same is right';

/** How the answer of one `/evaluate` request is made from the scored row (plain data: it crosses threads). */
export interface EvaluatePlan {
  warnings: RewardWarning[];
  /** Answer zeros without scoring (no final answer to judge, no usable label). */
  zero: boolean;
  /** η, `rubric_reward_ratio`. */
  eta: number;
  /** `longrlvr`: the reward is `o + η·F + (1−η)·o·F` (ref:187-193). Otherwise `strategy` combines. */
  formula: 'longrlvr' | RewardStrategy;
  /** `rubric_reward_ratio` ≥ 1: the outcome is not computed and is 0 (ref:174). */
  skipOutcome: boolean;
  /** The rubric when it was computed here (longrlvr's F-β); otherwise the row's entity recall. */
  rubric?: number | undefined;
}

/** What the scorer needs for the row; absent when `zero`. */
export interface EvaluateRow {
  input: { response?: string | undefined; messages?: ChatMessage[] | undefined; answer: GoldAnswer; entities: GoldEntity[]; question?: string | undefined };
  options: RewardOptions;
  /** `rubric_reward_ratio` ≥ 1: the answer's outcome is 0 whatever the verdict, so no judge is asked (issue 25). */
  outcomeUnused?: boolean;
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/** The endpoint's shape: only this is refused (400) when it does not hold. */
const EvaluateShape = z.looseObject({
  label: z.unknown(),
  extra_reward_info: z.record(z.string(), z.unknown()).nullish(),
  history: z.array(z.looseObject({ role: z.string() })).optional(),
  response: z.string().optional(),
});

/**
 * Reads an `/evaluate` body. Throws `ValidationError` only when the body is not the endpoint's
 * shape (not an object, no `label`, neither `history` nor `response`); anything odd inside a
 * sample becomes a warning.
 */
export function readEvaluateBody(body: unknown, defaults: RewardOptions): { plan: EvaluatePlan; row?: EvaluateRow } {
  const read = readEvaluate(body, defaults);
  if (read.row !== undefined && read.plan.skipOutcome) read.row.outcomeUnused = true;
  return read;
}

function readEvaluate(body: unknown, defaults: RewardOptions): { plan: EvaluatePlan; row?: EvaluateRow } {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && !('label' in body)) {
    // ref:215-217 refuses it too (as a 500, its HTTPException being caught by its own handler).
    throw new ValidationError('INVALID_INPUT', [{ path: ['label'], code: 'missing', message: 'required field is missing' }]);
  }
  const data = parseWith(EvaluateShape, body);
  if (data.history === undefined && data.response === undefined) {
    throw new ValidationError('INVALID_INPUT', [
      { path: ['response'], code: 'missing', message: 'required field is missing: give response (a string) or history (a message list)' },
    ]);
  }
  const warnings: RewardWarning[] = [];
  const warn = (code: WarningCode, message: string, path?: string): void => {
    warnings.push(path === undefined ? { code, message } : { code, message, path });
  };

  const info = data.extra_reward_info ?? undefined;
  // No extra_reward_info is slime's built-in `--rm-type remote_rm`: an outcome-only request, not an odd one.
  const ratio = readRatio(info, defaults, warn);
  const longrlvr = info?.dataset_name === 'longrlvr';
  const plan: EvaluatePlan = { warnings, zero: false, eta: ratio, formula: 'mixed', skipOutcome: ratio >= 1 };
  if (longrlvr) plan.formula = 'longrlvr';
  else plan.formula = readStrategy(info, defaults, warn);
  const zero = (): { plan: EvaluatePlan } => ({ plan: { ...plan, zero: true } });

  // The sample's text: ref:225-245. `history` wins over `response`, as there.
  let messages: ChatMessage[] | undefined;
  let response: string | undefined;
  let unclosedThink = false;
  if (data.history !== undefined) {
    if (data.response !== undefined) warn('history-and-response', 'both history and response were sent; history is scored (as launch_server.py does)', 'response');
    const last = data.history[data.history.length - 1];
    // ref:227-232: zeros when the assistant did not speak last or its message has no content.
    if (last?.role !== 'assistant') {
      warn('history-not-assistant-last', "the last message of history is not the assistant's: nothing to score, zeros", `history[${Math.max(0, data.history.length - 1)}]`);
      return zero();
    }
    messages = readMessages(data.history, warn);
    if (typeof messages[messages.length - 1]?.content !== 'string') {
      warn('no-final-content', 'the last assistant message has no text content: zeros', `history[${data.history.length - 1}].content`);
      return zero();
    }
  } else {
    response = data.response!;
    // ref:240: without `</think>` the whole response is content, an open `<think>` included.
    unclosedThink = !response.includes('</think>') && response.includes('<think>');
    if (unclosedThink) warn('think-unclosed', '<think> is never closed: the whole response counts as content for the rubric (as launch_server.py reads it)', 'response');
  }

  const answer = readLabel(data.label, warn);
  if (answer === undefined) return zero();
  const question = info?.question;
  if (question !== undefined && question !== null && typeof question !== 'string') warn('question-not-text', 'question is not a string; ignored', 'extra_reward_info.question');

  // Where the rubric reads (ref:124-131); absent flags read everything (ref would fail with a KeyError).
  const useReasoning = flag(info?.rubric_use_reasoning_content);
  const useContent = flag(info?.rubric_use_content);
  const rubricOn = ratio > 0 && (useReasoning || useContent);
  const input: EvaluateRow['input'] = { response, messages, answer, entities: [], question: typeof question === 'string' ? question : undefined };
  // The row's own strategy only decides what is computed; the answer's reward is made by evaluateAnswer.
  const options: RewardOptions = { ...defaults, eta: ratio, strategy: 'outcome-only' };

  if (longrlvr) {
    const gold = chunkIds(info?.rubrics, warn);
    // ref:176: with η = 0 the rubric is not computed at all.
    plan.rubric = rubricOn ? chunkFBeta(rubricText(response, messages, useReasoning, useContent), gold) : 0;
    return { plan, row: { input, options } };
  }
  if (!rubricOn) return { plan, row: { input, options } };
  const entities = readRubrics(info?.rubrics, warn);
  // No rubric (none given, or none usable) scores 0 (ref:119-120), not a free pass to the outcome.
  if (entities.length === 0) {
    plan.rubric = 0;
    return { plan, row: { input, options } };
  }
  // An open <think> is content there: with content read, everything counts; with reasoning only, nothing.
  if (unclosedThink && !useContent) {
    plan.rubric = 0;
    return { plan, row: { input, options } };
  }
  const source = unclosedThink || (useReasoning && useContent) ? 'all' : useReasoning ? 'reasoning' : 'content';
  return { plan, row: { input: { ...input, entities }, options: { ...options, strategy: 'mixed', rubricSource: source } } };
}

/** The answer's numbers from the row's outcome and rubric, as ref:172-195 combines them. */
export function evaluateAnswer(plan: EvaluatePlan, scored: { outcome: number; rubric: number } | undefined): { reward: number; outcome_reward: number; rubric_reward: number } {
  if (plan.zero || scored === undefined) return { reward: 0, outcome_reward: 0, rubric_reward: 0 };
  const outcome = plan.skipOutcome ? 0 : scored.outcome;
  const rubric = plan.eta > 0 ? (plan.rubric ?? scored.rubric) : 0;
  const eta = plan.eta;
  const reward = plan.formula === 'longrlvr' ? outcome + eta * rubric + (1 - eta) * outcome * rubric : combine(outcome, rubric, plan.formula, eta);
  return { reward, outcome_reward: outcome, rubric_reward: rubric };
}

/** Records a warning. */
export type Warn = (code: WarningCode, message: string, path?: string) => void;

/** Python truthiness, as ref:126/129 tests the flags; an absent flag reads (ours: both on by default). */
function flag(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return value !== null && Object.keys(value).length > 0;
  return Boolean(value);
}

function readRatio(info: Record<string, unknown> | undefined, defaults: RewardOptions, warn: Warn): number {
  if (info === undefined) return 0;
  const raw = info.rubric_reward_ratio;
  const fallback = defaults.eta ?? 0.3;
  // Absent: the server's eta, a default like the rubric_use_* flags' (the reference needs it, ref:166).
  if (raw === undefined || raw === null) return fallback;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) {
    warn('ratio-unusable', `rubric_reward_ratio is not a number; the server's eta (${fallback}) is used`, 'extra_reward_info.rubric_reward_ratio');
    return fallback;
  }
  if (value < 0 || value > 1) {
    warn('ratio-out-of-range', `rubric_reward_ratio ${value} is outside [0, 1]; clamped`, 'extra_reward_info.rubric_reward_ratio');
    return Math.min(1, Math.max(0, value));
  }
  return value;
}

/** The reference's formula unless the server (`--strategy`) or the sample (`extra_reward_info.strategy`) picks one. */
function readStrategy(info: Record<string, unknown> | undefined, defaults: RewardOptions, warn: Warn): RewardStrategy {
  const raw = info?.strategy;
  if (raw !== undefined) {
    const parsed = StrategySchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    warn('strategy-unknown', `strategy must be one of ${StrategySchema.options.join(', ')}; ignored`, 'extra_reward_info.strategy');
  }
  return defaults.strategy ?? 'mixed';
}

/** The messages the library reads: unknown roles dropped (they are not the model's words), non-text fields emptied. */
function readMessages(history: { role: string }[], warn: Warn): ChatMessage[] {
  const out: ChatMessage[] = [];
  history.forEach((m, i) => {
    if (!ROLES.has(m.role)) {
      warn('unknown-role', `role '${m.role}' is not system, user, assistant or tool; the message is ignored`, `history[${i}].role`);
      return;
    }
    const message: ChatMessage = { role: m.role as ChatMessage['role'] };
    for (const key of ['content', 'reasoning_content'] as const) {
      const value = (m as Record<string, unknown>)[key];
      if (typeof value === 'string') message[key] = value;
      else if (value !== undefined && value !== null) warn('message-not-text', `${key} is not a string; ignored`, `history[${i}].${key}`);
    }
    out.push(message);
  });
  return out;
}

/** The label as a gold answer, or undefined (zeros) when it cannot be one. */
function readLabel(label: unknown, warn: Warn): GoldAnswer | undefined {
  let answer: unknown = label;
  if (label === null) {
    warn('label-null', 'label is null: no gold answer, zeros', 'label');
    return undefined;
  }
  if (typeof label === 'number' || typeof label === 'bigint') {
    warn('label-number', `label is a number; scored as the string "${String(label)}"`, 'label');
    answer = String(label);
  }
  try {
    if (isWordlessGold(goldAliases(answer, ['label']))) warn('label-no-words', WORDLESS_LABEL, 'label');
    return answer as GoldAnswer;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    warn('label-unusable', `${error.message}: zeros`, 'label');
    return undefined;
  }
}

function readRubrics(rubrics: unknown, warn: Warn): GoldEntity[] {
  return usableEntities(rubrics, 'extra_reward_info.rubrics', warn);
}

/**
 * The gold entities that can be matched; one that cannot (empty, only punctuation, not text) is
 * left out with a warning, a number is matched as its string. `at` names the list as the caller sent it.
 */
export function usableEntities(rubrics: unknown, at: string, warn: Warn): GoldEntity[] {
  if (rubrics === undefined || rubrics === null) return [];
  if (!Array.isArray(rubrics)) {
    warn('rubrics-not-list', `${at} is not a list; no rubric`, at);
    return [];
  }
  const out: GoldEntity[] = [];
  rubrics.forEach((rubric: unknown, i) => {
    const path = `${at}[${i}]`;
    let entity = rubric;
    if (typeof rubric === 'number' && Number.isFinite(rubric)) {
      warn('rubric-number', `rubric ${rubric} is a number; matched as the string "${rubric}"`, path);
      entity = String(rubric);
    }
    try {
      normalizeEntities([entity]);
      out.push(entity as GoldEntity);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // The reference counts a rubric that folds to nothing as a free hit (ref:156); we leave it out.
      warn('rubric-unusable', `${error.issues[0]?.message ?? error.message}; this rubric is left out`, path);
    }
  });
  return out;
}

/** longrlvr's gold chunk ids (ref:141): integers; a string of digits is read as its number. */
function chunkIds(rubrics: unknown, warn: Warn): Set<number> {
  const ids = new Set<number>();
  if (rubrics === undefined || rubrics === null) return ids;
  if (!Array.isArray(rubrics)) {
    warn('rubrics-not-list', 'rubrics is not a list of chunk ids; no rubric', 'extra_reward_info.rubrics');
    return ids;
  }
  rubrics.forEach((id: unknown, i) => {
    if (typeof id === 'number' && Number.isSafeInteger(id)) ids.add(id);
    else if (typeof id === 'string' && /^\s*\d+\s*$/.test(id)) ids.add(Number(id));
    else warn('chunk-id-unusable', 'a longrlvr rubric is a chunk id (an integer); this one is left out', `extra_reward_info.rubrics[${i}]`);
  });
  return ids;
}

/** The assistant text the rubric reads, joined as ref:123-131 joins it. */
export function rubricText(response: string | undefined, messages: ChatMessage[] | undefined, useReasoning: boolean, useContent: boolean): string {
  let history: ChatMessage[];
  if (messages !== undefined) history = messages;
  else if (response!.includes('</think>')) {
    // ref:240-244
    const at = response!.indexOf('</think>');
    const think = response!.slice(0, at);
    history = [{ role: 'assistant', reasoning_content: (think.startsWith('<think>') ? think.slice(7) : think).trim(), content: response!.slice(at + 8).trim() }];
  } else history = [{ role: 'assistant', content: response! }];
  let text = '';
  for (const m of history) {
    if (m.role !== 'assistant') continue;
    if (useReasoning && typeof m.reasoning_content === 'string') text += `\n\n${m.reasoning_content.trim()}`;
    if (useContent && typeof m.content === 'string') text += `\n\n${m.content.trim()}`;
  }
  return text;
}

const USEFUL_CHUNKS = /<useful_chunks>([\s\S]*?)<\/useful_chunks>/gi;
const CHUNK_ID = /<CHUNK[_\s]?(\d+)>/gi;

/** F-β (β = 2) of the chunk ids in the last `<useful_chunks>` block against the gold ids (ref:133-150). */
export function chunkFBeta(text: string, gold: ReadonlySet<number>): number {
  let last: string | undefined;
  for (const m of text.matchAll(USEFUL_CHUNKS)) last = m[1];
  const predicted = new Set<number>();
  if (last !== undefined) for (const m of last.matchAll(CHUNK_ID)) predicted.add(Number(m[1]));
  let hits = 0;
  for (const id of predicted) if (gold.has(id)) hits++;
  const precision = predicted.size > 0 ? hits / predicted.size : 0;
  const recall = gold.size > 0 ? hits / gold.size : 0;
  const beta2 = 4;
  return precision + recall > 0 ? ((1 + beta2) * precision * recall) / (beta2 * precision + recall) : 0;
}
