import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the package's own package.json and its version, read at run time: the nearest
 * package.json named `longtrace-reward` above this file (`dist/cli.js` → `..`; from source, two up).
 */
function ownPackage(from: string): { dir: string; version: string } | undefined {
  let dir = dirname(fileURLToPath(from));
  for (let depth = 0; depth < 5; depth += 1) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'longtrace-reward' && typeof pkg.version === 'string') return { dir, version: pkg.version };
    } catch {
      // no package.json here (or not ours): look one level up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The version in the package's own package.json; `0.0.0-unknown` when it cannot be found. */
export function packageVersion(from: string = import.meta.url): string {
  return ownPackage(from)?.version ?? '0.0.0-unknown';
}

/**
 * Where a doc of the package is on this machine (`docs/cli.md` ships in the tarball and is in a
 * clone), as an absolute path a reader can open; the package's README when the doc is missing.
 */
export function docPath(doc: string, from: string = import.meta.url): string {
  const dir = ownPackage(from)?.dir;
  if (dir === undefined) return doc;
  const path = join(dir, doc);
  return existsSync(path) ? path : join(dir, 'README.md');
}
