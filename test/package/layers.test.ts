// The layering of ../shared/DESIGN.md, checked on the sources: no layer imports one above it, and no
// circle of imports of any kind: static, `import type` and dynamic `import()` all count (ESLint's
// import-x/no-cycle sees none of a circle that passes through a type-only or a dynamic import).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const SPECIFIER = /(?:\bfrom|\bimport)\s*(?:\(\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every source file (tests and test helpers excepted) with the files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !/\.test(-helper|-d)?\.ts$/.test(entry.name) && !entry.name.includes('.test-helper')) {
        const text = readFileSync(path, 'utf8');
        const targets = [...text.matchAll(SPECIFIER)].map((m) => relative(SRC, normalize(join(dirname(path), m[1]!))).replace(/\.js$/, '.ts'));
        graph.set(relative(SRC, path), targets.filter((t) => !t.startsWith('..')));
      }
    }
  };
  walk(SRC);
  return graph;
}

/** The layer of a file: its folder under src/, or the file's own name for a file at the top. */
const layerOf = (file: string): string => {
  const [first, ...rest] = file.split(sep);
  return rest.length === 0 ? first!.replace(/\.ts$/, '') : first!;
};

// What each layer may import besides itself (DESIGN.md "Layers"); errors and optional-import are
// for everyone. A layer missing from this table fails the test, so a new folder gets a row.
const SHARED = ['errors', 'optional-import'];
const MAY_IMPORT: Record<string, string[]> = {
  errors: [],
  'optional-import': [],
  text: [],
  io: [],
  llm: [],
  response: ['text'],
  entities: ['text'],
  verify: ['text', 'response', 'entities'],
  rubric: ['text', 'response', 'verify', 'entities'],
  schema: ['rubric', 'verify', 'entities', 'response'],
  judge: ['llm', 'text', 'response', 'verify', 'entities', 'rubric'],
  index: ['text', 'response', 'verify', 'entities', 'rubric', 'judge', 'llm', 'schema'],
  data: ['text', 'entities', 'verify', 'llm', 'io', 'schema'],
  rows: ['index', 'rubric', 'schema', 'verify', 'entities', 'response', 'data'],
  server: ['index', 'text', 'response', 'verify', 'entities', 'rubric', 'judge', 'llm', 'schema', 'rows', 'data', 'io'],
  report: ['index', 'text', 'response', 'verify', 'entities', 'rubric', 'rows', 'data', 'io', 'schema'],
  cli: ['index', 'text', 'response', 'verify', 'entities', 'rubric', 'judge', 'llm', 'schema', 'rows', 'data', 'io', 'report', 'server'],
};

describe('source layering', () => {
  const graph = importGraph();

  it('finds the sources', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get(join('cli', 'program.ts'))).toContain(join('cli', 'data', 'index.ts'));
  });

  it('no layer imports one above it', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      const allowed = MAY_IMPORT[from];
      if (allowed === undefined) {
        wrong.push(`${file}: layer "${from}" has no row in MAY_IMPORT`);
        continue;
      }
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !SHARED.includes(to) && !allowed.includes(to)) wrong.push(`${file} imports ${target} (${from} → ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import circle, counting type-only and dynamic imports', () => {
    // Tarjan's strongly connected components: any component of two or more files is a circle.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (v: string): void => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1) circles.push(component.sort());
      }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    expect(circles).toEqual([]);
  });

  it('the Parquet writer and reader are loaded by one file, which nothing the scorers import reaches', () => {
    const naming = [...graph.keys()].filter((file) => /['"]hyparquet/.test(readFileSync(join(SRC, file), 'utf8')));
    expect(naming).toEqual([join('data', 'parquet-rows.ts')]);
    // The closure of the scorers' entry point (what `import { rubricReward } from 'longtrace-reward'` loads).
    const seen = new Set<string>();
    const reach = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const target of graph.get(file) ?? []) reach(target);
    };
    reach('index.ts');
    expect(seen.size).toBeGreaterThan(10);
    expect(seen.has(join('data', 'parquet-rows.ts'))).toBe(false);
  });

  it('each command has a folder: command.ts defines it, run.ts does the work and never imports command.ts', () => {
    const commands = [...graph.keys()].filter((f) => f.startsWith(`cli${sep}`) && f.endsWith(`${sep}command.ts`));
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const command of commands) {
      const run = join(dirname(command), 'run.ts');
      expect(graph.has(run), `${run} exists`).toBe(true);
      expect(graph.get(run), `${run} does not import ${command}`).not.toContain(command);
    }
  });
});
