/** A half-open character range [start, end) into the original string. */
export interface Span {
  start: number;
  end: number;
}

/** Concatenates the text of spans (joined with "\n"), for callers that need a plain string. */
export function spanText(text: string, spans: readonly Span[]): string {
  let out = '';
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (i > 0) out += '\n';
    out += text.slice(s.start, s.end);
  }
  return out;
}

/** True for exactly the UTF-16 code units that `String.prototype.trim` removes. */
export function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** True when text[start, end) holds nothing but whitespace (or nothing at all). */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (!isWhitespace(text.charCodeAt(i))) return false;
  }
  return true;
}

/** The span [start, end) narrowed past leading and trailing whitespace; null when nothing is left. */
export function trimSpan(text: string, start: number, end: number): Span | null {
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return start < end ? { start, end } : null;
}
