/**
 * Removes a run of `head` tokens at the start, then a run of `tail` tokens at the end of what is left:
 * what `s.replace(/^(?:h1|h2)+|(?:t1|t2)+$/g, '')` did, in linear time (that regex tries its end
 * alternative at every position, so a long run of tokens before a last character was quadratic). The
 * tokens are peeled one at a time, in their order; for the token sets of its callers (single characters,
 * and a character doubled such as "**") that finds the same runs as the regex (strip-ends.test.ts).
 */
export function stripEnds(s: string, head: readonly string[], tail: readonly string[]): string {
  let start = 0;
  for (let t = head.find((h) => s.startsWith(h, start)); t !== undefined; t = head.find((h) => s.startsWith(h, start))) {
    start += t.length;
  }
  let end = s.length;
  for (let t = tail.find((x) => end - x.length >= start && s.endsWith(x, end)); t !== undefined; t = tail.find((x) => end - x.length >= start && s.endsWith(x, end))) {
    end -= t.length;
  }
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
