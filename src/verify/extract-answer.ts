import { expectOptions, expectText } from '../response/arguments.js';
import { splitResponse, type Span, type SplitOptions } from '../response/index.js';
import { stripEnds } from '../text/strip-ends.js';

/** How the final answer was found in the response. */
export type ExtractionMethod = 'answer-tag' | 'boxed' | 'json' | 'answer-line' | 'final-text';

/** The final answer of a response, as it stands in the response (`response.slice(start, end)` before cleaning). */
export interface ExtractedAnswer {
  /** The answer, cleaned of markup (bold, quotes, `\text{}`, a trailing period). */
  text: string;
  start: number;
  end: number;
  method: ExtractionMethod;
  /** Other explicit final answers in the same region (`\boxed{}` or `<answer>` tags) that differ from this one. */
  others: string[];
  /**
   * Where the answer's whole statement ends: for an "Answer:" line, the end of the final text (the
   * answer may go on over the next lines: "Answer:\nClosest: …\nAwake by Dream Theater"), else `end`.
   * What an LLM judge reads is `response.slice(start, through)` (issue 25).
   */
  through: number;
}

// The final statement is at the end: answer lines are looked for in this many last characters only,
// so a long answer without markers costs no regex over its whole length.
const ANSWER_LINE_WINDOW = 4000;
// "Answer: X", "**Final answer:** X", "the answer is X", or a heading "**Final Answer**" / "## Answer"
// alone on its line (the answer then follows on the next line). In Chinese, "答案：X", "最终答案：X"
// and "答案是X": Chinese has no spaces, so the label may follow any character ("所以答案：东京").
const ANSWER_LINE =
  /(?:(?:^|[\n.!?*#>]|\s)(?:\*\*|__)?(?:the\s+)?(?:final\s+|short\s+|correct\s+)?answer(?:\s+is)?|(?:\*\*|__)?(?:最终|最后|正确)?答案(?=\s*[是为:：]|(?:\*\*|__)?[ \t]*\r?\n)(?:\s*[是为])?)(?:(?:\*\*|__)?\s*(?::|：|is\b|=|(?<=[是为]))\s*(?:\*\*|__)?|(?:\*\*|__)?[ \t]*(?=\r?\n))[ \t]*/gi;

/**
 * Finds the final answer of a response: the last `<answer>` tag, else the last `\boxed{}`, else a
 * JSON `{"answer": …}`, else the last "Answer:" / "Final answer:" / "the answer is" line, else the
 * whole final text. Only the text after the last `</think>` counts, without retrieved documents
 * and chat end tokens. Null when there is none (a `<think>` never closed, or nothing after it).
 */
export function extractFinalAnswer(response: string, options?: SplitOptions): ExtractedAnswer | null {
  expectText(response, 'response');
  expectOptions(options);
  return extractFromFinal(response, splitResponse(response, options).final);
}

/** The final answer inside a final region already found by `splitResponse` (callers that split anyway). */
export function extractFromFinal(response: string, final: Span | null): ExtractedAnswer | null {
  if (final === null) return null;
  const region = response.slice(final.start, final.end);
  const found = findInRegion(region);
  if (found === null) return null;
  const text = cleanAnswer(found.raw);
  if (text === '') return null;
  const end = final.start + found.end;
  return { text, start: final.start + found.start, end, method: found.method, others: found.others, through: found.method === 'answer-line' ? final.end : end };
}

interface Found {
  raw: string;
  start: number;
  end: number;
  method: ExtractionMethod;
  others: string[];
}

function findInRegion(region: string): Found | null {
  const tags = answerTags(region);
  if (tags.length > 0) return pick(tags, 'answer-tag');
  const boxes = boxed(region);
  if (boxes.length > 0) return pick(boxes, 'boxed');
  const json = jsonAnswer(region);
  if (json !== null) return json;
  const line = answerLine(region);
  if (line !== null) return line;
  const start = region.search(/\S/);
  if (start < 0) return null;
  return { raw: region.slice(start), start, end: region.length, method: 'final-text', others: [] };
}

type Piece = [raw: string, start: number, end: number];

function pick(pieces: Piece[], method: ExtractionMethod): Found {
  const [raw, start, end] = pieces[pieces.length - 1]!;
  const mine = normalizeForCompare(raw);
  const others = pieces.slice(0, -1).map((p) => p[0]).filter((o) => normalizeForCompare(o) !== mine && cleanAnswer(o) !== '');
  return { raw, start, end, method, others };
}

function normalizeForCompare(s: string): string {
  return cleanAnswer(s).toLowerCase().replace(/\s+/g, ' ');
}

/** Every `<answer>…</answer>`; an unclosed last tag runs to the end. */
function answerTags(region: string): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  for (;;) {
    const open = region.indexOf('<answer>', from);
    if (open < 0) break;
    const start = open + '<answer>'.length;
    const close = region.indexOf('</answer>', start);
    const end = close < 0 ? region.length : close;
    out.push([region.slice(start, end), start, end]);
    if (close < 0) break;
    from = close + '</answer>'.length;
  }
  return out;
}

/** Every `\boxed{…}` (and `\fbox{…}`), with nested braces. Linear: braces are paired once. */
function boxed(region: string): Piece[] {
  const out: Piece[] = [];
  let closeOf: Map<number, number> | undefined;
  let from = 0;
  for (;;) {
    const at = region.indexOf('box', from);
    if (at < 0) break;
    from = at + 3;
    const isBoxed = region.startsWith('\\boxed', at - 1) || region.startsWith('\\fbox', at - 2);
    if (!isBoxed) continue;
    // Only whitespace may stand between \boxed (or \fbox) and its brace.
    let open = region.startsWith('ed', at + 3) ? at + 5 : at + 3;
    while (open < region.length && (region.charCodeAt(open) === 32 || region.charCodeAt(open) === 9 || region.charCodeAt(open) === 10)) open++;
    if (region.charCodeAt(open) !== 123) continue;
    // A response stuck repeating "\boxed{" must not cost a scan to the end for each one.
    closeOf ??= matchBraces(region);
    const close = closeOf.get(open);
    if (close === undefined) continue;
    out.push([region.slice(open + 1, close), open + 1, close]);
    from = close + 1;
  }
  return out;
}

/** For every `{` its matching `}`, in one pass with a stack; unmatched braces are left out. */
function matchBraces(text: string): Map<number, number> {
  const closeOf = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) stack.push(i);
    else if (c === 125 && stack.length > 0) closeOf.set(stack.pop()!, i);
  }
  return closeOf;
}

function jsonAnswer(region: string): Found | null {
  // A JSON object alone, or fenced as ```json … ```.
  const trimmed = unfence(region.trim());
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}') || !trimmed.includes('answer')) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const value = (parsed as Record<string, unknown>)['answer'] ?? (parsed as Record<string, unknown>)['final_answer'];
    if (typeof value !== 'string' && typeof value !== 'number') return null;
    const start = region.indexOf('{');
    return { raw: String(value), start, end: region.lastIndexOf('}') + 1, method: 'json', others: [] };
  } catch {
    return null;
  }
}

/**
 * The inside of a fenced block that is the whole text ("```json\n{…}\n```" → "{…}"), else the text:
 * what `/^```(?:json)?\s*([\s\S]*?)\s*```$/` replaced, without its backtracking on a long run of spaces.
 */
export function unfence(text: string): string {
  if (text.length < 6 || !text.startsWith('```') || !text.endsWith('```')) return text;
  // An opening "```json" leaves room for the closing fence: a text of 7 to 9 characters cannot end in "```".
  const start = text.startsWith('json', 3) ? 7 : 3;
  // \s and String.prototype.trim agree on what whitespace is.
  return text.slice(start, text.length - 3).trim();
}

/** The last "Answer: …" statement: the rest of its line, or the next line when that is empty. */
function answerLine(region: string): Found | null {
  const offset = Math.max(0, region.length - ANSWER_LINE_WINDOW);
  const window = region.slice(offset);
  let last: RegExpExecArray | null = null;
  ANSWER_LINE.lastIndex = 0;
  for (let m = ANSWER_LINE.exec(window); m !== null; m = ANSWER_LINE.exec(window)) {
    last = m;
    if (m[0].length === 0) ANSWER_LINE.lastIndex++;
  }
  if (last === null) return null;
  let start = last.index + last[0].length;
  let end = window.indexOf('\n', start);
  if (end < 0) end = window.length;
  if (window.slice(start, end).replace(/[*_#\s]/g, '') === '') {
    // "**Final Answer**\n\nParis": the answer is on the next non-empty line.
    const next = /\S[^\n]*/.exec(window.slice(end));
    if (next === null) return null;
    start = end + next.index;
    end = start + next[0].length;
  }
  return { raw: window.slice(start, end), start: offset + start, end: offset + end, method: 'answer-line', others: [] };
}

/** Strips markup around an answer: bold, code, quotes, `\text{}`, `$…$`, a trailing period. */
export function cleanAnswer(raw: string): string {
  let s = raw.trim();
  if (s.length > 2000) return s; // a long free-form answer: leave it as written
  // JSON-escaped output that reached us undecoded: "Mar\u00eda" → "María".
  s = s.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  s = s.replace(/\\(?:text|textbf|mathrm|mbox|textit)\s*\{([^{}]*)\}/g, '$1');
  s = s.replace(/\\boxed\s*\{([^{}]*)\}/g, '$1');
  s = s.replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '$1/$2');
  s = s.replace(/\\[,;!: ]/g, ' ').replace(/\\%/g, '%').replace(/\\\$/g, '$');
  let previous = '';
  while (previous !== s) {
    previous = s;
    s = s.trim();
    s = stripEnds(s, MARKUP, MARKUP)
      .replace(/^\$([^$]*)\$$/, '$1'); // $…$ math, but a lone "$5" keeps its currency
    s = stripEnds(s, QUOTES, QUOTES).replace(/^[:：\-–—]\s*/, '');
    s = stripEnds(s, [], PERIODS);
  }
  return s.trim();
}

const MARKUP = ['**', '__', '`'];
const QUOTES = ['"', "'", '“', '”', '‘', '’', '«', '»'];
const PERIODS = ['.', '。'];

/**
 * The whole final statement an LLM judge should read: an "Answer:" line with the lines after it
 * (trimmed, chat end tokens and documents already outside the final region), else the answer.
 * Bounded: an answer line is looked for in the last few thousand characters only, and the judge's
 * prompt clips what it is given (`MAX_ANSWER_CHARS`).
 */
export function judgedAnswerText(response: string, extracted: ExtractedAnswer): string {
  if (extracted.through <= extracted.end) return extracted.text;
  const block = cleanAnswer(response.slice(extracted.start, extracted.through));
  return block === '' ? extracted.text : block;
}
