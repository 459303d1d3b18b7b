// The text of one rollout as HTML: mentions as <mark>, the parts the rubric does not read dimmed,
// the extracted answer boxed, long mark-free stretches folded. A pure string function that runs
// both here (tests, the page's first rows) and in the browser: the page embeds its source with
// `renderText.toString()`, so it must not reference anything outside its own body.

/** A range of the text the rubric does not read: `kind` 1 = retrieved documents / tool output, 2 = other (markup, or outside `--rubric-source`). */
export type UncountedRange = [start: number, end: number, kind: 1 | 2];
/** A mention: `[start, end, entity index in the chain]`. */
export type MarkRange = [start: number, end: number, entity: number];

/** Options of `renderText`. */
export interface LayoutOptions {
  /** Texts up to this length are never folded. @default 4000 */
  foldAbove?: number;
  /** A mark-free stretch longer than this is folded (its middle hidden behind a button). @default 1200 */
  foldStretch?: number;
  /** Characters kept visible at each side of a folded stretch. @default 240 */
  keep?: number;
  /** Colour classes cycled over the entities (`c0` … `c{n-1}`). @default 12 */
  colors?: number;
  /** Render only `text[from, to)` (offsets stay those of the whole text). @default 0 */
  from?: number;
  /** @default text.length */
  to?: number;
}

/**
 * Renders `text` as HTML with every mark (a `<mark data-entity data-start data-end>` whose text is
 * `text.slice(start, end)`), the uncounted ranges dimmed and the answer boxed. Everything is escaped.
 */
export function renderText(
  text: string,
  uncounted: readonly UncountedRange[],
  marks: readonly MarkRange[],
  box: readonly [number, number] | null,
  options?: LayoutOptions,
): string {
  const foldAbove = options?.foldAbove ?? 4000;
  const foldStretch = options?.foldStretch ?? 1200;
  const keep = options?.keep ?? 240;
  const colors = options?.colors ?? 12;
  const n = text.length;
  const from = Math.max(0, Math.min(n, options?.from ?? 0));
  const to = Math.max(from, Math.min(n, options?.to ?? n));

  function esc(s: string): string {
    return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
  }
  // Fold edges must not cut a surrogate pair in two (an emoji or a rare CJK character).
  function safe(at: number): number {
    const c = text.charCodeAt(at);
    return at > 0 && at < n && c >= 0xdc00 && c <= 0xdfff ? at + 1 : at;
  }

  // Pieces: the text cut at the edges of the uncounted ranges; each is rendered on its own.
  const pieces: { start: number; end: number; kind: number }[] = [];
  let at = from;
  for (const [s0, e0, kind] of [...uncounted].sort((a, b) => a[0] - b[0])) {
    const s = Math.max(at, Math.min(to, s0));
    const e = Math.max(s, Math.min(to, e0));
    if (s > at) pieces.push({ start: at, end: s, kind: 0 });
    if (e > s) pieces.push({ start: s, end: e, kind });
    at = e;
  }
  if (at < to) pieces.push({ start: at, end: to, kind: 0 });

  const sortedMarks = marks.filter((m) => m[0] >= from && m[1] <= to && m[1] > m[0]).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const fold = n > foldAbove;

  type El = { start: number; end: number; kind: 'fold' | 'box' | 'mark'; entity: number; rank: number };
  const out: string[] = [];
  for (const piece of pieces) {
    const els: El[] = [];
    for (const m of sortedMarks) {
      if (m[0] >= piece.start && m[1] <= piece.end) els.push({ start: m[0], end: m[1], kind: 'mark', entity: m[2], rank: 2 });
    }
    if (box !== null && box[1] > box[0]) {
      const s = Math.max(piece.start, box[0]);
      const e = Math.min(piece.end, box[1]);
      if (e > s) els.push({ start: s, end: e, kind: 'box', entity: -1, rank: 1 });
    }
    if (fold) {
      // Stretches between the remarkable ranges (marks, the answer) long enough to fold.
      const busy = els.map((el) => [el.start, el.end] as const).sort((a, b) => a[0] - b[0]);
      let free = piece.start;
      const stretches: [number, number][] = [];
      for (const [s, e] of busy) {
        if (s > free) stretches.push([free, s]);
        free = Math.max(free, e);
      }
      if (piece.end > free) stretches.push([free, piece.end]);
      for (const [s, e] of stretches) {
        if (e - s <= foldStretch) continue;
        const fs = safe(s + keep);
        const fe = safe(e - keep);
        if (fe - fs > keep) els.push({ start: fs, end: fe, kind: 'fold', entity: -1, rank: 0 });
      }
    }

    // Open/close events; a close before an open at the same offset, outer elements open first.
    type Ev = { at: number; open: boolean; el: El };
    const evs: Ev[] = [];
    for (const el of els) evs.push({ at: el.start, open: true, el }, { at: el.end, open: false, el });
    evs.sort((a, b) =>
      a.at - b.at ||
      (a.open === b.open ? (a.open ? b.el.end - a.el.end || a.el.rank - b.el.rank : a.el.start - b.el.start || b.el.rank - a.el.rank) : a.open ? 1 : -1),
    );

    out.push(piece.kind === 0 ? '<span class="seg">' : `<span class="seg u${piece.kind}">`);
    // Open elements with the index of their open tag in `out`, patched if a crossing splits them.
    const stack: { el: El; tag: number; from: number }[] = [];
    const openTag = (el: El, from: number, to: number, split: boolean): string => {
      if (el.kind === 'mark') {
        return `<mark class="c${el.entity % colors}" data-entity="${el.entity}" data-start="${from}" data-end="${to}"${split ? ` data-split="${el.start}:${el.end}"` : ''}>`;
      }
      if (el.kind === 'box') return '<span class="answer" title="extracted final answer">';
      return `<span class="fold"><button type="button" class="unfold">⋯ ${to - from} characters without mentions: show</button><span class="folded" hidden>`;
    };
    const closeTag = (el: El): string => (el.kind === 'mark' ? '</mark>' : el.kind === 'box' ? '</span>' : '</span></span>');
    let pos = piece.start;
    for (const ev of evs) {
      if (ev.at > pos) {
        out.push(esc(text.slice(pos, ev.at)));
        pos = ev.at;
      }
      if (ev.open) {
        stack.push({ el: ev.el, tag: out.length, from: ev.at });
        out.push(openTag(ev.el, ev.at, ev.el.end, false));
        continue;
      }
      // Everything above the element closes with it; what ends later crosses it and is reopened
      // after, as a part with its own offsets on its tag and the whole mention's in `data-split`.
      const depth = stack.findIndex((s) => s.el === ev.el);
      if (depth < 0) continue;
      const above = stack.splice(depth);
      const reopen: typeof above = [];
      for (let i = above.length - 1; i >= 0; i--) {
        const a = above[i]!;
        if (a.el.end > ev.at) {
          out[a.tag] = openTag(a.el, a.from, ev.at, true);
          reopen.unshift(a);
        }
        out.push(closeTag(a.el));
      }
      for (const a of reopen) {
        a.tag = out.length;
        a.from = ev.at;
        out.push(openTag(a.el, ev.at, a.el.end, true));
        stack.push(a);
      }
    }
    if (piece.end > pos) out.push(esc(text.slice(pos, piece.end)));
    out.push('</span>');
  }
  return out.join('');
}
