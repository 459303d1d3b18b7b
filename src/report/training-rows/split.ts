// A prompt back into its parts: the instruction, each document block, the question. The prompt is
// what `buildContext` assembles: instruction, blocks rendered with DEFAULT_DOC_TEMPLATE
// (`[Doc {n}] {title}\n{text}`), the question, all joined by the separator. Blocks are found from
// the last to the first, each by its own `[Doc n] ` marker after a separator: a document whose
// text quotes another block's marker (`\n\n[Doc 3] `) cannot cut the blocks before it short.
import { DEFAULT_DOC_TEMPLATE } from '../../data/context.js';

const SEPARATOR = '\n\n';
const QUESTION = 'Question: ';
// The template's text before and after `{n}`: `[Doc ` and `] `.
const BEFORE_N = DEFAULT_DOC_TEMPLATE.slice(0, DEFAULT_DOC_TEMPLATE.indexOf('{n}'));
const AFTER_N = DEFAULT_DOC_TEMPLATE.slice(DEFAULT_DOC_TEMPLATE.indexOf('{n}') + 3, DEFAULT_DOC_TEMPLATE.indexOf('{title}'));

/** A prompt cut into its instruction, its document blocks (ranges of the text after `[Doc n] `) and its question. */
export interface PromptParts {
  head: string;
  /** `[start, end)` of each block's text (title, newline, text) in the prompt, in context order. */
  blocks: [number, number][];
  tail: string;
}

/**
 * Cuts `prompt` into `count` document blocks, or returns undefined when it does not hold them (a
 * prompt not built with the default template, or a row whose provenance does not match its prompt).
 * `question`, when known, pins the end of the last block exactly.
 */
export function splitPrompt(prompt: string, count: number, question?: string): PromptParts | undefined {
  let end: number;
  const known = question === undefined ? undefined : `${SEPARATOR}${QUESTION}${question}`;
  if (known !== undefined && prompt.endsWith(known)) end = prompt.length - known.length;
  else end = prompt.lastIndexOf(`${SEPARATOR}${QUESTION}`);
  if (end < 0) return undefined;
  const tail = prompt.slice(end + SEPARATOR.length);
  const blocks: [number, number][] = new Array<[number, number]>(count);
  for (let n = count; n >= 1; n--) {
    const marker = `${SEPARATOR}${BEFORE_N}${n}${AFTER_N}`;
    const from = end - marker.length;
    if (from < 0) return undefined;
    const at = prompt.lastIndexOf(marker, from);
    if (at < 0) return undefined;
    blocks[n - 1] = [at + marker.length, end];
    end = at;
  }
  return { head: prompt.slice(0, end), blocks, tail };
}
