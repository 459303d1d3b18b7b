// A thread of `data index`: prepares batches of rows (the text layer's terms and keys) while the main
// thread reads the corpus and writes SQLite. Built as dist/index-worker.cjs beside the bundles; from
// src/ (tests, tsx) it runs with tsx registered in the thread (io/worker-entry.ts).
import { prepareRows, type PreparedRow, type RowText } from './index-terms.js';

export default function prepare(rows: RowText[]): PreparedRow[] {
  return prepareRows(rows);
}
