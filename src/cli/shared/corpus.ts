// How the data commands open a `--corpus`: JSONL or an index (`openCorpus`), and a JSONL line that
// has no id, no text or is not JSON is a counted skip with a warning naming its line, never the end
// of a run (DESIGN: one odd row is a counted, reported skip).
import { openCorpus, type OpenedCorpus } from '../../data/index.js';
import { colorsFor } from './colors.js';

/** The opened corpus and how many of its lines were skipped. */
export interface CliCorpus {
  corpus: OpenedCorpus;
  skipped: number;
}

/** Opens `path` for a data command; the first three skipped lines are named on stderr, all are counted. */
export async function openCliCorpus(path: string): Promise<CliCorpus> {
  const stderr = process.stderr;
  const c = colorsFor(stderr);
  let skipped = 0;
  const corpus = await openCorpus(path, {
    onInvalid: 'skip',
    onSkip: (row) => {
      skipped++;
      if (skipped <= 3) stderr.write(`${c.yellow('warning:')} ${path} line ${row.line}: ${row.message} (${row.skip}); skipped\n`);
    },
  });
  if (skipped > 3) stderr.write(`${c.yellow('warning:')} ${path}: ${skipped} lines skipped in all\n`);
  return { corpus, skipped };
}
