// A plain text table: columns padded to their widest cell, measured without colour codes.

export type Align = 'left' | 'right';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns a character takes in a terminal: 2 for East Asian wide and full-width ones, else 1. */
function charWidth(code: number): number {
  const wide =
    (code >= 0x1100 && code <= 0x115f) || // Hangul Jamo
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) || // CJK radicals … Yi
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul syllables
    (code >= 0xf900 && code <= 0xfaff) || // CJK compatibility ideographs
    (code >= 0xfe30 && code <= 0xfe4f) || // CJK compatibility forms
    (code >= 0xff00 && code <= 0xff60) || // full-width forms
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd); // CJK extensions
  return wide ? 2 : 1;
}

/** Display width of `text` in terminal columns, without ANSI colour codes. */
export function textWidth(text: string): number {
  let n = 0;
  for (const ch of text.replace(ANSI, '')) n += charWidth(ch.codePointAt(0) ?? 0);
  return n;
}

/** Cuts `text` (no colour codes) to `width` columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

/**
 * Wraps `text` (colour codes allowed) at spaces to `width` columns: the first line starts with
 * `indent`, the others with `rest`. Join words with U+00A0 to keep them on one line.
 */
export function wrap(text: string, width: number, indent: string, rest: string = indent): string {
  const lines: string[] = [];
  let line = indent;
  let used = textWidth(indent);
  for (const word of text.split(' ')) {
    const w = textWidth(word);
    if (used + w > width && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = rest;
      used = textWidth(rest);
    }
    line += `${word} `;
    used += w + 1;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

/** Renders rows of cells as aligned columns separated by `gap` spaces, indented by `indent`. */
export function renderTable(rows: readonly (readonly string[])[], options: { align?: readonly Align[]; gap?: number; indent?: number } = {}): string {
  const gap = ' '.repeat(options.gap ?? 2);
  const indent = ' '.repeat(options.indent ?? 2);
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, textWidth(cell))));
  return rows
    .map((row) => {
      const cells = row.map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - textWidth(cell));
        if (options.align?.[i] === 'right') return pad + cell;
        return i === row.length - 1 ? cell : cell + pad; // no trailing spaces
      });
      return (indent + cells.join(gap)).trimEnd();
    })
    .join('\n');
}
