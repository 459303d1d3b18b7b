// The `data serve-retrieval` command's flags and help; the work is in run.ts, loaded when the command runs.
import type { Command } from 'commander';
import { flagsOf, parseOptions, withDefault } from '../../shared/options.js';
import { DataServeRetrievalOptionsSchema } from './options.js';

const SERVE_RETRIEVAL_EXAMPLES = `
Examples:
  $ longtrace-reward data serve-retrieval --corpus docs.jsonl --port 8000
  $ curl -s localhost:8000/retrieve -d '{"queries": ["who founded the publisher"], "topk": 3, "return_scores": true}'

The protocol of Search-R1's retrieval server: POST /retrieve {queries, topk, return_scores} →
{result: [[{document: {id, contents}, score}]]} (without scores each item is the document itself);
contents is "\\"Title\\"\\ntext". GET /healthz answers once the corpus is loaded. Details: docs/data-agent.md`;

/** Adds the `data serve-retrieval` command to `parent`; `onCode` receives the exit code. */
export function defineDataServeRetrievalCommand(parent: Command, onCode: (code: number) => void): void {
  parent
    .command('serve-retrieval')
    .summary("serve a corpus over Search-R1's /retrieve protocol (BM25), for search agents")
    .description("Serve a JSONL corpus (or a corpus index from data index) with BM25 over Search-R1's retrieval-server protocol (POST /retrieve), so Search-R1, R1-Searcher or ASearcher agents can search it.")
    .requiredOption('--corpus <file>', 'JSONL documents ({ id, title, text }), or a corpus index built by data index')
    .addOption(withDefault('--host <host>', 'address to listen on', '127.0.0.1'))
    .addOption(withDefault('--port <n>', 'port to listen on (0: any free port)', '8000'))
    .addOption(withDefault('--topk <n>', 'results per query when a request gives no topk', '3'))
    .addOption(withDefault('--max-queries <n>', 'most queries in one request', '256'))
    .addOption(withDefault('--body-limit <bytes>', 'largest request body (e.g. 1mb)', '1mb'))
    .addHelpText('after', SERVE_RETRIEVAL_EXAMPLES)
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(DataServeRetrievalOptionsSchema, raw, flagsOf(command));
      const { runDataServeRetrieval } = await import('./run.js');
      onCode(await runDataServeRetrieval(options));
    });
}
