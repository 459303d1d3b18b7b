// The one way this package loads an optional or lazily loaded module (a tokenizer, the BM25 engine,
// the corpus index's database): a variable specifier keeps bundlers and the type checker from
// requiring it at build time, and a missing module becomes one typed error that says what to install.
import { LongtraceError } from './errors.js';

/** Loads `name` on first use; throws `DEPENDENCY_UNAVAILABLE` naming the package to install. */
export async function importOptional<T = Record<string, unknown>>(name: string, why: string, install: string = name): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new LongtraceError('DEPENDENCY_UNAVAILABLE', `${name} could not be loaded (${why}); run: npm install ${install}`, { cause: error });
  }
}
