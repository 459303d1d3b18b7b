// Every fenced block of README.md and docs/*.md is run in CI or marked as a fragment, so that what
// a reader pastes works. A TypeScript block is a file in examples/ (which .ci/run type-checks and
// runs) with the import paths of the published package; shell and Python blocks are run by
// docs-run.test.ts; any other block says `fragment` in its info string. See doc-blocks.ts.
import { describe, expect, it } from 'vitest';
import { allBlocks, DOCS, examples, fencedBlocks, kindOf, read, type DocBlock } from './doc-blocks.js';

const blocks = allBlocks();
const files = examples();

/** The example file a block shows, if any. */
const fileOf = (block: DocBlock): string | undefined => [...files].find(([, code]) => code === block.code.trimEnd())?.[0];

describe('the block parser', () => {
  it.each([
    ['```ts\nx\n```\n', [{ lang: 'ts', attributes: [], code: 'x', line: 1 }]],
    ['text\n\n```sh fragment\na\nb\n```\n', [{ lang: 'sh', attributes: ['fragment'], code: 'a\nb', line: 3 }]],
    ['````md\n```ts\ninner\n```\n````\n```\n```\n', [{ lang: 'md', attributes: [], code: '```ts\ninner\n```', line: 1 }, { lang: '', attributes: [], code: '', line: 6 }]],
    ['  ```Python  fragment\nprint(1)\n  ```', [{ lang: 'python', attributes: ['fragment'], code: 'print(1)', line: 1 }]],
  ])('%j', (text, expected) => {
    expect(fencedBlocks('x.md', text).map(({ lang, attributes, code, line }) => ({ lang, attributes, code, line }))).toEqual(expected);
  });

  it('finds the blocks of every doc', () => {
    expect(DOCS).toContain('README.md');
    expect(DOCS).toContain('docs/cli.md');
    for (const doc of DOCS) {
      const fences = read(doc).split('\n').filter((line) => /^ {0,3}(`{3,}|~{3,})/.test(line)).length;
      expect(fences, doc).toBe(2 * fencedBlocks(doc, read(doc)).length);
    }
  });
});

describe('every block is run or marked', () => {
  it('no block is left unmarked (add `fragment` to the info string of one that cannot run)', () => {
    const unmarked = blocks
      .filter((block) => kindOf(block) === 'unmarked')
      .map((block) => `${block.where}: a \`\`\`${block.lang} block is neither run in CI nor marked \`\`\`${block.lang || 'text'} fragment`);
    expect(unmarked).toEqual([]);
  });

  it('every TypeScript block is a file in examples/ (else mark it `ts fragment`)', () => {
    const stray = blocks
      .filter((block) => kindOf(block) === 'example' && fileOf(block) === undefined)
      .map((block) => `${block.where}: matches no file in examples/ (first line: ${block.code.split('\n')[0]})`);
    expect(stray).toEqual([]);
  });

  it('every file in examples/ starts with the assert import and is shown in a doc', () => {
    const shown = new Set(blocks.map(fileOf));
    for (const [name, code] of files) expect(code.startsWith("import assert from 'node:assert/strict';\n"), name).toBe(true);
    expect([...files.keys()].filter((name) => !shown.has(name))).toEqual([]);
  });
});
