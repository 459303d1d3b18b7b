// A tiny reader of the HTML `renderText` writes (its own few tags, escaped text), so the tests can
// check marks against offsets without a DOM. Anything else it meets is reported as a foreign tag.

export interface ParsedMark {
  entity: number;
  start: number;
  end: number;
  /** For a part of a mention split by a crossing one: the whole mention's `[start, end]`. */
  split: [number, number] | null;
  /** The text content of the mark, unescaped. */
  text: string;
}

export interface Parsed {
  marks: ParsedMark[];
  /** The text content of everything but fold buttons: the text as rendered. */
  text: string;
  /** Tags other than ours, or any unescaped `<`. */
  foreign: string[];
  /** Text inside `.answer` boxes, concatenated per box part. */
  boxes: string[];
  folds: number;
}

const OURS = /^<(\/?)(mark|span|button)(\s[^<>]*)?>$/;

export function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

export function parseRendered(html: string): Parsed {
  const out: Parsed = { marks: [], text: '', foreign: [], boxes: [], folds: 0 };
  const stack: { tag: string; attrs: string; text: string }[] = [];
  for (const token of html.match(/<[^>]*>|[^<]+|</g) ?? []) {
    if (token.startsWith('<')) {
      const m = OURS.exec(token);
      if (m === null) {
        out.foreign.push(token);
        continue;
      }
      if (m[1] === '') {
        stack.push({ tag: m[2]!, attrs: m[3] ?? '', text: '' });
        if (m[3]?.includes('class="fold"')) out.folds += 1;
        continue;
      }
      const top = stack.pop();
      if (top === undefined || top.tag !== m[2]) {
        out.foreign.push(`unbalanced ${token}`);
        continue;
      }
      if (top.tag === 'mark') {
        const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(top.attrs)?.[1];
        out.marks.push({
          entity: Number(attr('data-entity')),
          start: Number(attr('data-start')),
          end: Number(attr('data-end')),
          split: attr('data-split')?.split(':').map(Number) as [number, number] | undefined ?? null,
          text: top.text,
        });
      }
      if (top.attrs.includes('class="answer"')) out.boxes.push(top.text);
      // A closed element's text belongs to its parent too (buttons excepted: they are labels).
      if (top.tag !== 'button' && stack.length > 0) stack[stack.length - 1]!.text += top.text;
      continue;
    }
    const text = unescape(token);
    if (stack.some((s) => s.tag === 'button')) {
      if (stack[stack.length - 1]!.tag === 'button') stack[stack.length - 1]!.text += text;
      continue;
    }
    if (stack.length > 0) stack[stack.length - 1]!.text += text;
    out.text += text;
  }
  if (stack.length > 0) out.foreign.push(`unclosed ${stack.map((s) => s.tag).join(',')}`);
  return out;
}
