// Where a worker thread's file is. Built, it is a CommonJS file beside the bundle (tsup.config.ts);
// from src/ it is the TypeScript source, which a thread can only load with tsx registered in it: tsx
// is a dev dependency, so that path is for tests and `npx tsx` only.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A thread's file and the arguments to start it with. */
export interface WorkerEntry {
  filename: string;
  execArgv?: string[];
}

/**
 * The built worker `built` in `dir`, else the source `source` there started with tsx; `what` names the worker in errors.
 * @example const entry = workerEntry(dirname(fileURLToPath(import.meta.url)), 'server-worker.cjs', 'worker.ts', 'the scoring worker');
 */
export function workerEntry(dir: string, built: string, source: string, what: string): WorkerEntry {
  const builtPath = join(dir, built);
  if (existsSync(builtPath)) return { filename: builtPath };
  const sourcePath = join(dir, source);
  if (!existsSync(sourcePath)) throw new Error(`longtrace-reward: ${what} is missing (looked for ${builtPath} and ${sourcePath})`);
  // A process started through tsx passes its loader on to worker threads by itself.
  if (process.execArgv.some((arg) => arg.includes('tsx'))) return { filename: sourcePath };
  let loader: string;
  try {
    loader = pathToFileURL(createRequire(join(dir, 'noop.js')).resolve('tsx')).href;
  } catch (error) {
    throw new Error(`longtrace-reward: running ${what} from src/ needs tsx; build the package (npm run build) or run it in the calling thread`, { cause: error });
  }
  return { filename: sourcePath, execArgv: ['--import', loader] };
}
