// The fenced code blocks of README.md and docs/*.md, and what each one must be. The rule every
// doc follows: a complete TypeScript program is a file in examples/ (run by .ci/run), a shell
// block runs as written in a clone after `npm ci && npm run build`, a Python block runs against a
// started service; anything else says `fragment` in its info string (```ts fragment).
import { readdirSync, readFileSync } from 'node:fs';

export const root = new URL('../../', import.meta.url);
export const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** README.md and every docs/*.md, as paths from the repository root. */
export const DOCS = ['README.md', ...readdirSync(new URL('docs/', root)).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];

export interface DocBlock {
  /** `docs/cli.md:41`: the line of the opening fence, for messages. */
  where: string;
  doc: string;
  line: number;
  /** The first word of the info string, lower case (`ts`, `sh`, `python`); '' when none. */
  lang: string;
  /** The info string's other words (`fragment`). */
  attributes: string[];
  code: string;
}

// An opening fence: up to three spaces, then three or more backticks or tildes, then the info string.
const FENCE = /^ {0,3}(`{3,}(?!`)|~{3,}(?!~))(.*)$/;

/** Every fenced code block of a Markdown text, with the line number of its opening fence. */
export function fencedBlocks(doc: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const fence = open[1]!;
    const [lang = '', ...attributes] = open[2]!.trim().split(/\s+/).filter((word) => word !== '');
    const body: string[] = [];
    let j = i + 1;
    // A closing fence is the same character, at least as long, with nothing after it.
    while (j < lines.length && !(lines[j]!.trim().startsWith(fence) && lines[j]!.trim().replaceAll(fence[0]!, '') === '')) {
      body.push(lines[j]!);
      j += 1;
    }
    blocks.push({ where: `${doc}:${i + 1}`, doc, line: i + 1, lang: lang.toLowerCase(), attributes, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

export const isFragment = (block: DocBlock): boolean => block.attributes.includes('fragment');

const TS = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);
const PYTHON = new Set(['python', 'py']);

export type BlockKind = 'fragment' | 'example' | 'shell' | 'python' | 'unmarked';

/** What a block is: a fragment, an example file, a shell or Python block to run, or none of these. */
export function kindOf(block: DocBlock): BlockKind {
  if (isFragment(block)) return 'fragment';
  if (TS.has(block.lang)) return 'example';
  if (SHELL.has(block.lang)) return 'shell';
  if (PYTHON.has(block.lang)) return 'python';
  return 'unmarked';
}

/** Every block of every doc. */
export const allBlocks = (): DocBlock[] => DOCS.flatMap((doc) => fencedBlocks(doc, read(doc)));

/** The package paths the docs show for the source paths that examples/ import. */
const PUBLIC_PATHS: [string, string][] = [
  ["'../src/index.js'", "'longtrace-reward'"],
  ["'../src/data/index.js'", "'longtrace-reward/data'"],
  ["'../src/server/index.js'", "'longtrace-reward/server'"],
  ["'../fixtures/index.js'", "'longtrace-reward/fixtures'"],
];

/** examples/*.ts by file name, as the docs show them (package import paths, no trailing space). */
export function examples(): Map<string, string> {
  return new Map(
    readdirSync(new URL('examples/', root))
      .filter((name) => name.endsWith('.ts'))
      .sort()
      .map((name) => [name, PUBLIC_PATHS.reduce((code, [from, to]) => code.replaceAll(from, to), read(`examples/${name}`)).trimEnd()]),
  );
}
