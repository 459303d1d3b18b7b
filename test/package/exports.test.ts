// Cheap checks of the packaging fields in package.json: no build needed. publint and attw check
// the built tarball in .ci/run; these catch a broken field before anything is built.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Manifest {
  type?: string;
  main?: string;
  module?: string;
  types?: string;
  exports?: Record<string, unknown>;
  bin?: Record<string, string> | string;
  files?: string[];
  sideEffects?: boolean;
  engines?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;

/** Every condition object under `exports`, with its subpath and condition chain. */
function conditions(value: unknown, at: string[]): { at: string; keys: string[]; value: Record<string, unknown> }[] {
  if (typeof value !== 'object' || value === null) return [];
  const obj = value as Record<string, unknown>;
  return [
    { at: at.join(' → '), keys: Object.keys(obj), value: obj },
    ...Object.entries(obj).flatMap(([key, inner]) => conditions(inner, [...at, key])),
  ];
}

/** Every file path the package points at (main, module, types, exports leaves, bin). */
function targets(): string[] {
  const leaves = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : typeof v === 'object' && v !== null ? Object.values(v).flatMap(leaves) : [];
  const bin = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  return [pkg.main, pkg.module, pkg.types, ...leaves(pkg.exports), ...bin].filter((p): p is string => p !== undefined);
}

describe('package.json', () => {
  it('is an ES module package without side effects, shipping dist and the docs, for Node 20+', () => {
    expect({ type: pkg.type, sideEffects: pkg.sideEffects, files: pkg.files, engines: pkg.engines }).toEqual({
      type: 'module',
      sideEffects: false,
      // The docs ship so that `--help` can point at a copy that opens offline.
      files: ['dist', 'docs/*.md', 'fixtures/graph'],
      engines: { node: '>=20' },
    });
  });

  it('exports "." for import and require, and "./package.json"', () => {
    expect(pkg.exports?.['./package.json']).toBe('./package.json');
    expect(pkg.exports?.['.']).toEqual({
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    });
  });

  it.each(conditions(pkg.exports, ['exports']).filter((c) => 'types' in c.value))('$at lists types first', ({ keys }) => {
    expect(keys[0]).toBe('types');
  });

  it.each(conditions(pkg.exports, ['exports']).filter((c) => 'default' in c.value))('$at lists default last', ({ keys }) => {
    expect(keys[keys.length - 1]).toBe('default');
  });

  it('pairs each ESM entry with .d.ts and each CJS entry with .d.cts', () => {
    for (const c of conditions(pkg.exports, ['exports'])) {
      const { types, default: file } = c.value;
      if (typeof types !== 'string' || typeof file !== 'string') continue;
      expect(types, c.at).toBe(file.endsWith('.cjs') ? file.replace(/\.cjs$/, '.d.cts') : file.replace(/\.js$/, '.d.ts'));
    }
  });

  it('keeps the legacy main / types fields on the CJS build (node10 resolution)', () => {
    expect({ main: pkg.main, types: pkg.types }).toEqual({ main: './dist/index.cjs', types: './dist/index.d.cts' });
  });

  it('has the longtrace-reward bin at dist/cli.js', () => {
    expect(pkg.bin).toEqual({ 'longtrace-reward': './dist/cli.js' });
  });

  it('points only into the published files', () => {
    const published = (pkg.files ?? []).filter((f) => !f.includes('*')).map((f) => `./${f.replace(/\/$/, '')}/`);
    for (const target of targets()) {
      if (target === './package.json') continue;
      expect(published.some((dir) => target.startsWith(dir)), target).toBe(true);
    }
  });
});
