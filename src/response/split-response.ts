import { expectOptions, expectText } from './arguments.js';
import {
  compileMarkers,
  DEFAULT_EXCLUDED_BLOCKS,
  DEFAULT_TOOL_CALL_BLOCKS,
  ROLE_EXCLUDED_CLOSE,
  ROLE_THINK_CLOSE,
  ROLE_THINK_OPEN,
  ROLE_TOOL_CLOSE,
  ROLE_TOOL_OPEN,
  type ExcludedBlock,
  type Marker,
  type MarkerTable,
  type ToolCallBlock,
} from './markers.js';
import { isBlank, trimSpan, type Span } from './span.js';

/** Options of `splitResponse` and `splitMessages`. */
export interface SplitOptions {
  /**
   * Blocks of retrieved documents / tool output to leave out of the reasoning and the content.
   * `false` keeps everything.
   * @default DEFAULT_EXCLUDED_BLOCKS
   */
  exclude?: readonly ExcludedBlock[] | false;
  /**
   * Tool calls the model writes (search queries): kept in reasoning and content, never in `final`.
   * `false` treats them as plain text.
   * @default DEFAULT_TOOL_CALL_BLOCKS
   */
  toolCalls?: readonly ToolCallBlock[] | false;
}

/** A response cut into reasoning, visible content and the final answer, as spans of the original string. */
export interface SplitResponse {
  /** Spans of reasoning: inside <think>…</think> (all think blocks), minus excluded blocks. */
  reasoning: Span[];
  /** Spans of the visible content: everything outside think blocks, minus excluded blocks and chat end tokens. */
  content: Span[];
  /**
   * The final-answer region: after the last `</think>` and after the last excluded block or tool
   * call, up to the first chat end token, trimmed. When there is no think tag at all it is taken
   * from the whole content. Null when a `<think>` or a tool call was left open (the model ran out
   * of tokens), when an excluded block runs to the end, or when the region is empty.
   */
  final: Span | null;
}

const NO_BLOCKS: readonly ExcludedBlock[] = Object.freeze([]);
let defaultTable: MarkerTable | undefined;

/** The compiled markers for `options`; the default set is compiled once and reused. */
export function markerTable(options: SplitOptions | undefined): MarkerTable {
  const exclude = options?.exclude === false ? NO_BLOCKS : (options?.exclude ?? DEFAULT_EXCLUDED_BLOCKS);
  const toolCalls = options?.toolCalls === false ? NO_BLOCKS : (options?.toolCalls ?? DEFAULT_TOOL_CALL_BLOCKS);
  if (exclude === DEFAULT_EXCLUDED_BLOCKS && toolCalls === DEFAULT_TOOL_CALL_BLOCKS) {
    return (defaultTable ??= compileMarkers(exclude, toolCalls));
  }
  // Caller-supplied arrays are compiled per call: a dozen markers cost far less than the scan,
  // and caching by identity would go stale if the caller mutated the array.
  return compileMarkers(exclude, toolCalls);
}

/**
 * Splits a raw model response into reasoning, content and the final answer, as spans of `text`.
 * Linear in the length of the text; never throws for a string input.
 * @example
 * const text = 'Let me recall.</think>\n\nParis<|im_end|>';
 * const { reasoning, final } = splitResponse(text);
 * text.slice(final!.start, final!.end); // 'Paris'
 */
export function splitResponse(text: string, options?: SplitOptions): SplitResponse {
  expectText(text, 'text');
  expectOptions(options);
  const reasoning: Span[] = [];
  const content: Span[] = [];
  const final = scanRange(text, 0, text.length, markerTable(options), false, reasoning, content);
  return { reasoning, content, final };
}

/**
 * Scans text[from, to) and appends its spans to `reasoning` and `content`; returns the final span.
 * With `allReasoning` every span is reasoning and think tags are merely cut (for `reasoning_content`).
 */
export function scanRange(
  text: string,
  from: number,
  to: number,
  table: MarkerTable,
  allReasoning: boolean,
  reasoning: Span[],
  content: Span[],
): Span | null {
  const { firstChars, byFirst } = table;
  // Next occurrence of each first character; -2 = not searched yet, -1 = none left before `to`.
  const nextFirst: number[] = firstChars.map(() => -2);

  let segStart = from; // start of the text not yet emitted
  let inThink = false;
  let toolOpen = false;
  // Content spans from here on become reasoning if a stray </think> shows up: the <think> that
  // opened them sat in the prompt (Qwen3 / R1 templates) or was never written.
  let implicitThinkFrom = content.length;
  // The final answer is the first content span from here on.
  let finalFrom = content.length;

  const emit = (start: number, end: number): void => {
    if (end <= start || isBlank(text, start, end)) return;
    (allReasoning || inThink ? reasoning : content).push({ start, end });
  };

  let pos = from;
  for (;;) {
    // Find the earliest marker at or after `pos`; at one position the longest marker wins.
    let at = -1;
    let marker: Marker | undefined;
    while (marker === undefined) {
      at = -1;
      for (let i = 0; i < nextFirst.length; i++) {
        let n = nextFirst[i]!;
        if (n !== -1 && n < pos) {
          n = text.indexOf(firstChars[i]!, pos);
          if (n >= to) n = -1;
          nextFirst[i] = n;
        }
        if (n !== -1 && (at === -1 || n < at)) at = n;
      }
      if (at === -1) break;
      const second = at + 1 < to ? text.charCodeAt(at + 1) : -1;
      const third = at + 2 < to ? text.charCodeAt(at + 2) : -1;
      for (const m of byFirst.get(text.charCodeAt(at))!) {
        if (
          (m.second === -1 || (m.second === second && (m.third === -1 || m.third === third))) &&
          at + m.text.length <= to &&
          text.startsWith(m.text, at)
        ) {
          marker = m;
          break;
        }
      }
      if (marker === undefined) pos = at + 1;
    }
    if (marker === undefined) break;

    emit(segStart, at);
    segStart = at + marker.text.length;
    pos = segStart;

    if (marker.excludedClose !== null) {
      // Excluded blocks are opaque: think tags or markers quoted inside documents mean nothing.
      const close = marker.excludedClose;
      const c = text.indexOf(close, segStart);
      const closed = c !== -1 && c + close.length <= to;
      segStart = closed ? c + close.length : to; // an unclosed block runs to the end
      pos = segStart;
      finalFrom = content.length;
      toolOpen = false;
      if (!closed) break;
    } else if (toolOpen && (marker.roles & ROLE_TOOL_CLOSE) !== 0) {
      toolOpen = false;
      finalFrom = content.length;
    } else if ((marker.roles & (ROLE_THINK_OPEN | ROLE_THINK_CLOSE)) !== 0) {
      if (allReasoning) continue;
      if ((marker.roles & ROLE_THINK_OPEN) !== 0) {
        // A second <think> inside a think block does not nest: the first </think> closes both.
        inThink = true;
        continue;
      }
      if (!inThink) {
        for (let k = implicitThinkFrom; k < content.length; k++) reasoning.push(content[k]!);
        content.length = implicitThinkFrom;
      }
      inThink = false;
      toolOpen = false;
      implicitThinkFrom = content.length;
      finalFrom = content.length;
    } else if ((marker.roles & ROLE_TOOL_OPEN) !== 0) {
      toolOpen = true;
    } else if ((marker.roles & (ROLE_TOOL_CLOSE | ROLE_EXCLUDED_CLOSE)) !== 0) {
      // A stray close: whatever came before it was a query or a document, not an answer.
      finalFrom = content.length;
    }
    // Chat end tokens are only cut; the span boundary they leave ends the final answer.
  }
  emit(segStart, to);

  if (allReasoning || inThink || toolOpen) return null;
  const first = content[finalFrom];
  return first === undefined ? null : trimSpan(text, first.start, first.end);
}
