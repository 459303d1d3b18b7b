// Reads the judge's three labelled fields back from its reply. Tolerant of the ways chat models
// dress a reply up (bold labels, bullets, headings, casing, chatter around the fields, any order,
// a JSON object, a <think> block), strict about the one thing that matters: a reply without an
// unambiguous labelled yes/no is not read as one.

import { stripEnds } from '../text/strip-ends.js';

/** The judge's reply, read. */
export interface JudgeReply {
  correct: boolean;
  /** The final answer as the judge read it; null when the reply has no such field or says "none". */
  extracted: string | null;
  /** The judge's one-line reason; empty when the reply has none. */
  justification: string;
}

type Field = 'extracted' | 'justification' | 'correct';

// Labels are compared after lower-casing, with `_`/`-` as spaces.
const LABELS = new Map<string, Field>([
  ['extracted answer', 'extracted'],
  ['extracted final answer', 'extracted'],
  ['final answer', 'extracted'],
  ['answer', 'extracted'],
  ['justification', 'justification'],
  ['reasoning', 'justification'],
  ['explanation', 'justification'],
  ['rationale', 'justification'],
  ['reason', 'justification'],
  ['correct', 'correct'],
  ['correctness', 'correct'],
  ['is correct', 'correct'],
  ['is the answer correct', 'correct'],
  ['is the final answer correct', 'correct'],
  ['verdict', 'correct'],
  ['judgement', 'correct'],
  ['judgment', 'correct'],
]);

// "**Correct:** yes", "- Correct = yes", "### Justification", "Correct — yes", "Is it correct? yes": an
// optional bullet or heading mark, a label of words, then a separator (or the end of the line, for a heading).
// Each run of spaces is read by one quantifier only, and the value's leading spaces all at once, so that
// a long run of spaces before a failing end (a lone "\r") takes linear time, not cubic: the same matches
// and captures as the former `…[ \t]*(?:\*\*|__|\*|_)?[ \t]*(?:\?[ \t]*[:：=]?|…)(?:\*\*|__|\*|_)?[ \t]*(.*)$`.
export const FIELD_LINE = /^[ \t]*(?:[-*+>#]+[ \t]*|\d+[.)][ \t]*)?(?:\*\*|__|\*|_)?([A-Za-z][A-Za-z _-]{0,40}?)[ \t]*(?:(?:\*\*|__|\*|_)[ \t]*)?(?:\?[ \t]*(?:[:：=]|(?![ \t]))|[:：=]|\s[-–—]\s|$)(?:\*\*|__|\*|_)?[ \t]*(?![ \t])(.*)$/;

const YES = /^(?:yes|y|true|correct|right)\b/;
const NO = /^(?:no|n|false|incorrect|wrong|not)\b/;
// The format line echoed back ("Correct: <yes or no>") says neither.
const BOTH = /^(?:yes|no)\s*(?:\/|\||or)\s*(?:yes|no)\b/;

/**
 * Parses a judge reply; null when it has no labelled correctness, or several that disagree.
 * @example
 * parseJudgeReply('**Extracted answer:** Paris\n**Justification:** Same city.\n**Correct:** Yes')
 * // { correct: true, extracted: 'Paris', justification: 'Same city.' }
 */
export function parseJudgeReply(reply: string): JudgeReply | null {
  if (typeof reply !== 'string') return null;
  const text = afterThinking(reply);
  const found = fromJson(text) ?? fromLines(text);
  // Unreadable values (an echoed format line) are skipped; the readable ones must agree.
  const verdicts = found.correct.map(readYesNo).filter((v) => v !== null);
  const first = verdicts[0];
  if (first === undefined || verdicts.some((v) => v !== first)) return null;
  const extracted = found.extracted[found.extracted.length - 1];
  return {
    correct: first,
    extracted: extracted === undefined || /^(?:none|n\/a|null|-)?$/i.test(extracted) ? null : extracted,
    justification: found.justification[found.justification.length - 1] ?? '',
  };
}

/** A reasoning judge thinks first: only what follows its last `</think>` is the reply. */
function afterThinking(reply: string): string {
  const end = reply.lastIndexOf('</think>');
  return end < 0 ? reply : reply.slice(end + '</think>'.length);
}

type Found = Record<Field, string[]>;

function fromLines(text: string): Found {
  const found: Found = { extracted: [], justification: [], correct: [] };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = FIELD_LINE.exec(lines[i]!);
    if (m === null) continue;
    const field = LABELS.get(normalizeLabel(m[1]!));
    if (field === undefined) continue;
    let value = clean(m[2]!);
    // A heading label ("### Correct") takes the next non-empty line as its value.
    if (value === '') {
      const next = lines.slice(i + 1).find((l) => l.trim() !== '');
      if (next === undefined || isFieldLine(next)) continue;
      value = clean(next);
    }
    found[field].push(value);
  }
  return found;
}

/** `{"extracted_answer": …, "justification": …, "correct": "yes"}`, alone or fenced. */
function fromJson(text: string): Found | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const found: Found = { extracted: [], justification: [], correct: [] };
  for (const [key, value] of Object.entries(parsed)) {
    const field = LABELS.get(normalizeLabel(key));
    if (field === undefined) continue;
    if (typeof value === 'boolean') found[field].push(value ? 'yes' : 'no');
    else if (typeof value === 'string') found[field].push(clean(value));
  }
  return found.correct.length > 0 ? found : null;
}

function isFieldLine(line: string): boolean {
  const m = FIELD_LINE.exec(line);
  return m !== null && LABELS.has(normalizeLabel(m[1]!));
}

function normalizeLabel(label: string): string {
  return label.toLowerCase().replace(/[_-]+/g, ' ').replace(/\?/g, '').replace(/\s+/g, ' ').trim();
}

const OPENING = ['**', '__', '*', '`', '"', "'", '“', '”', '‘', '’', '<', '[', '('];
const CLOSING = ['**', '__', '*', '`', '"', "'", '“', '”', '‘', '’', '>', ']', ')'];

/** Strips markup around a value: bold, code, quotes, brackets. */
function clean(value: string): string {
  let s = value.trim();
  let previous = '';
  while (previous !== s) {
    previous = s;
    s = stripEnds(s, OPENING, CLOSING).trim();
  }
  return s;
}

function readYesNo(value: string): boolean | null {
  const v = value.toLowerCase();
  if (BOTH.test(v)) return null;
  if (YES.test(v)) return true;
  if (NO.test(v)) return false;
  return null;
}
