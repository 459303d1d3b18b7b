import { ValidationError, type ValidationIssue } from '../errors.js';

/** A pair of literal markers around a block of text, matched case-sensitively. */
export interface ExcludedBlock {
  open: string;
  close: string;
}

/** Markers around a tool call the model writes itself (a search query, a function call). */
export type ToolCallBlock = ExcludedBlock;

/** Opens a reasoning block (DeepSeek-R1, Qwen3, QwQ and most RL search agents). */
export const THINK_OPEN = '<think>';
/** Closes a reasoning block. */
export const THINK_CLOSE = '</think>';

const block = (open: string, close: string): ExcludedBlock => Object.freeze({ open, close });

/**
 * Retrieved documents and tool output that the environment, not the model, wrote into a trace.
 * They are left out of reasoning, content and the final answer, so a rubric never credits the
 * model for an entity it only read.
 */
export const DEFAULT_EXCLUDED_BLOCKS: readonly ExcludedBlock[] = Object.freeze([
  // R1-Searcher (RUCAIBox): retrieved passages after each <|begin_of_query|> call.
  block('<|begin_of_documents|>', '<|end_of_documents|>'),
  // Search-R1 and its derivatives (ZeroSearch, many verl search recipes).
  block('<information>', '</information>'),
  // ReSearch / ReCall (Agent-RL): search results after <search>…</search>.
  block('<result>', '</result>'),
  // Qwen2.5 / Qwen3 chat template (Hermes-style function calling): tool output.
  block('<tool_response>', '</tool_response>'),
  // Search-o1 and WebThinker: (refined) search results.
  block('<|begin_search_result|>', '<|end_search_result|>'),
  // Generic RAG prompts that hand the model its sources inside <documents>.
  block('<documents>', '</documents>'),
]);

/**
 * Tool calls the model writes: they stay in reasoning and content (they are the model's words),
 * but the final answer never starts before the end of the last one.
 */
export const DEFAULT_TOOL_CALL_BLOCKS: readonly ToolCallBlock[] = Object.freeze([
  // R1-Searcher.
  block('<|begin_of_query|>', '<|end_of_query|>'),
  // Search-R1, ReSearch, ZeroSearch.
  block('<search>', '</search>'),
  // Qwen2.5 / Qwen3 function calling.
  block('<tool_call>', '</tool_call>'),
  // Search-o1 and WebThinker.
  block('<|begin_search_query|>', '<|end_search_query|>'),
]);

/** End-of-turn / end-of-text tokens of common chat templates, cut out of every span. */
export const CHAT_END_TOKENS: readonly string[] = Object.freeze([
  '<|im_end|>', // ChatML: Qwen, Yi
  '<|endoftext|>', // Qwen base, GPT-2 family
  '<｜end▁of▁sentence｜>', // DeepSeek V3 / R1 and R1-distill (full-width bars, U+2581)
  '</s>', // Llama 2, Mistral
  '<|eot_id|>', // Llama 3
  '<|end|>', // Phi-3
]);

// Roles a marker string can play; one string may play several (a block whose open equals its close).
export const ROLE_THINK_OPEN = 1;
export const ROLE_THINK_CLOSE = 2;
export const ROLE_END = 4;
export const ROLE_TOOL_OPEN = 8;
export const ROLE_TOOL_CLOSE = 16;
export const ROLE_EXCLUDED_CLOSE = 32;

/** One distinct marker string and everything it can mean. */
export interface Marker {
  text: string;
  /** Second and third UTF-16 units (-1 past the end), checked before `startsWith`: most markers share `<|`. */
  second: number;
  third: number;
  roles: number;
  /** The close marker when this string opens an excluded block (the first such block wins). */
  excludedClose: string | null;
}

/** The markers of one option set, bucketed by first UTF-16 unit for the scanner. */
export interface MarkerTable {
  /** Distinct first characters, each searched with `indexOf`. */
  firstChars: string[];
  /** Markers starting with a given unit, longest first so the longest match at a position wins. */
  byFirst: Map<number, Marker[]>;
}

/** Builds (and validates) the marker table for one `exclude` / `toolCalls` option pair. */
export function compileMarkers(
  exclude: readonly ExcludedBlock[],
  toolCalls: readonly ToolCallBlock[],
): MarkerTable {
  const issues: ValidationIssue[] = [];
  checkBlocks('exclude', exclude, issues);
  checkBlocks('toolCalls', toolCalls, issues);
  if (issues.length > 0) throw new ValidationError('INVALID_OPTIONS', issues);

  const byText = new Map<string, Marker>();
  const add = (text: string, roles: number, excludedClose: string | null = null): void => {
    let m = byText.get(text);
    if (m === undefined) {
      const second = text.length > 1 ? text.charCodeAt(1) : -1;
      m = { text, second, third: text.length > 2 ? text.charCodeAt(2) : -1, roles: 0, excludedClose: null };
      byText.set(text, m);
    }
    m.roles |= roles;
    m.excludedClose ??= excludedClose;
  };
  add(THINK_OPEN, ROLE_THINK_OPEN);
  add(THINK_CLOSE, ROLE_THINK_CLOSE);
  for (const t of CHAT_END_TOKENS) add(t, ROLE_END);
  for (const b of toolCalls) {
    add(b.open, ROLE_TOOL_OPEN);
    add(b.close, ROLE_TOOL_CLOSE);
  }
  for (const b of exclude) {
    add(b.open, 0, b.close);
    add(b.close, ROLE_EXCLUDED_CLOSE);
  }

  const byFirst = new Map<number, Marker[]>();
  const firstChars: string[] = [];
  for (const m of byText.values()) {
    const c = m.text.charCodeAt(0);
    let list = byFirst.get(c);
    if (list === undefined) {
      list = [];
      byFirst.set(c, list);
      firstChars.push(m.text[0]!);
    }
    list.push(m);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  return { firstChars, byFirst };
}

function checkBlocks(name: string, blocks: readonly ExcludedBlock[], issues: ValidationIssue[]): void {
  if (!Array.isArray(blocks)) {
    issues.push({ path: [name], code: 'invalid_type', message: `${name} must be an array of { open, close } or false` });
    return;
  }
  blocks.forEach((b, i) => {
    for (const key of ['open', 'close'] as const) {
      const v: unknown = (b as Partial<ExcludedBlock> | null)?.[key];
      if (typeof v !== 'string' || v === '') {
        // An empty marker matches everywhere and would stall the scanner, so it is an input error.
        issues.push({
          path: [name, i, key],
          code: typeof v === 'string' ? 'empty' : 'invalid_type',
          message: `${key} must be a non-empty string`,
        });
      }
    }
  });
}
