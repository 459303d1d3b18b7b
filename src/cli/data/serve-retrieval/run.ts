// `longtrace-reward data serve-retrieval`: a corpus (JSONL or an index) searched with BM25, served over Search-R1's
// `POST /retrieve` until SIGINT / SIGTERM.
import { LongtraceError } from '../../../errors.js';
import { startRetrieveServer } from '../../../server/retrieve.js';
import { colorsFor } from '../../shared/colors.js';
import { openCliCorpus } from '../../shared/corpus.js';
import { failInput } from '../../shared/output.js';
import type { DataServeRetrievalOptions } from './options.js';

/** True for an address only this machine reaches. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Runs `data serve-retrieval`: resolves with 1 when the corpus cannot be read or the port taken, else once a signal has closed the server (0). */
export async function runDataServeRetrieval(options: DataServeRetrievalOptions): Promise<number> {
  const stderr = process.stderr;
  const c = colorsFor(stderr);
  let backend;
  try {
    // The corpus is read before listening, so a bad file fails the command rather than the first request.
    // A JSONL corpus is read into memory, an index from `data index` is searched on disk.
    const { corpus } = await openCliCorpus(options.corpus);
    if (corpus.size === 0) return failInput(`${options.corpus}: no documents`);
    backend = await corpus.createSearch();
    stderr.write(`corpus: ${corpus.size} documents from ${options.corpus}\n`);
  } catch (error) {
    if (LongtraceError.isInstance(error)) return failInput(error.message);
    throw error;
  }
  if (!isLoopback(options.host)) {
    stderr.write(`${c.yellow('warning:')} listening on ${options.host}: the retrieval server has no authentication and no TLS; expose it only on a private network\n`);
  }
  let server;
  try {
    server = await startRetrieveServer({ backend, host: options.host, port: options.port, topk: options.topk, maxQueries: options.maxQueries, bodyLimit: options.bodyLimit });
  } catch (error) {
    return failInput(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
  }
  const running = server;
  // The handlers are in place before the URL is printed: whoever reads it may signal at once.
  const stopped = new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(() => resolve(0), () => resolve(1));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  stderr.write(`retrieval server: POST ${server.url}/retrieve (Search-R1 protocol), GET ${server.url}/healthz; Ctrl-C stops it\n`);
  return stopped;
}
