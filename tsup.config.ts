import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The fixtures are their own entry (`longtrace-reward/fixtures`): scorers never load their data.
    entry: { index: 'src/index.ts', fixtures: 'fixtures/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    // Unminified output reads as well as a map; maps would double the package size.
    sourcemap: false,
    target: 'node20',
  },
  {
    // The training-data half (`longtrace-reward/data`), its own entry so the scorers never load
    // the graph, walk, trajectory and context code.
    entry: { data: 'src/data/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // shims: the CJS bundle finds index-worker.cjs through import.meta.url too.
    shims: true,
    sourcemap: false,
    target: 'node20',
  },
  {
    // The CLI is ESM only: it is run, never imported.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The reward service (`longtrace-reward/server`), its own entry so the scorers never load
    // fastify or piscina. shims: the CJS bundle finds server-worker.js through import.meta.url too.
    entry: { server: 'src/server/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    shims: true,
    sourcemap: false,
    target: 'node20',
  },
  {
    // The server's scoring thread, loaded by file name from beside the server bundle (ESM and CJS
    // alike), never imported. CommonJS: piscina loads it with require(), and on Node 20.19+ a
    // require() of an ESM file aborts the whole process (v8::Module::IsGraphAsync) when the thread
    // is stopped mid-load, which a timeout storm does (issue 10).
    entry: { 'server-worker': 'src/server/worker.ts' },
    format: ['cjs'],
    sourcemap: false,
    target: 'node20',
  },
  {
    // The corpus index's text threads (`data index`), loaded by file name like the server's.
    entry: { 'index-worker': 'src/data/corpus/index-worker.ts' },
    format: ['cjs'],
    sourcemap: false,
    target: 'node20',
  },
]);
