// The TypeScript examples in README.md and docs/api.md are the files in examples/ (which .ci/run
// type-checks and runs), with the import path of the published package: this keeps the docs from
// drifting away from code that is known to run. An example is a ```ts block that starts like every
// file there, with `import assert from 'node:assert/strict';`; other blocks (signatures) are prose.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ASSERT_IMPORT = "import assert from 'node:assert/strict';\n";
const DOCS = ['README.md', 'docs/api.md', 'docs/data.md', 'docs/data-build.md'];

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** examples/*.ts by file name, as the docs show them. */
const examples = new Map(
  readdirSync(new URL('examples/', root))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [
      name,
      read(`examples/${name}`).replaceAll("'../src/index.js'", "'longtrace-reward'").replaceAll("'../src/data/index.js'", "'longtrace-reward/data'").trimEnd(),
    ]),
);

function docExamples(doc: string): { code: string; label: string }[] {
  return [...read(doc).matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
    .map((m) => m[1]!.trimEnd())
    .filter((code) => code.startsWith(ASSERT_IMPORT))
    .map((code) => {
      const file = [...examples].find(([, text]) => text === code)?.[0];
      const first = code.split('\n').find((line) => line !== '' && !line.startsWith('import'));
      return { code, label: file === undefined ? `a block that matches no file (${first})` : `examples/${file}` };
    });
}

describe.each(DOCS)('%s', (doc) => {
  it.each(docExamples(doc))('shows $label', ({ code }) => {
    expect([...examples.values()]).toContain(code);
  });
});

it('every file in examples/ is an example shown in the docs', () => {
  for (const [name, code] of examples) expect(code.startsWith(ASSERT_IMPORT), name).toBe(true);
  const shown = new Set(DOCS.flatMap((doc) => docExamples(doc).map((e) => e.code)));
  expect([...examples].filter(([, code]) => !shown.has(code)).map(([name]) => name)).toEqual([]);
});
