/**
 * How many judge calls the rule-then-judge cascade would make on EVOUNA-NQ: the cascade asks the
 * judge only when the rules leave a pair `undecided`, so that count is its cost. Also prints how
 * many distinct calls remain after the judge's cache (same question, gold and extracted answer).
 *
 *   npx tsx scripts/count-cascade.ts [--data DIR]
 */
import { parseArgs } from 'node:util';
import { extractFinalAnswer, verifyAnswer } from '../src/index.js';
import { DataError, loadEvalSets, resolveDataDir } from './eval/datasets.js';

const SET = 'EVOUNA-NQ';

function main(): number {
  const { values } = parseArgs({ options: { data: { type: 'string' } }, strict: true });
  let pairs;
  try {
    const sets = loadEvalSets(resolveDataDir(values.data), [SET]);
    pairs = sets[0]?.pairs ?? [];
  } catch (error) {
    if (error instanceof DataError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  let undecided = 0;
  let undecidedLabelCorrect = 0;
  const distinct = new Set<string>();
  for (const pair of pairs) {
    const verdict = verifyAnswer(pair.response, pair.gold, { question: pair.question });
    if (verdict.method !== 'undecided') continue;
    undecided++;
    if (pair.label) undecidedLabelCorrect++;
    // The judge's cache key, less the model (one model per run).
    distinct.add(JSON.stringify([pair.question, pair.gold, extractFinalAnswer(pair.response)?.text ?? null]));
  }
  const share = pairs.length === 0 ? 0 : undecided / pairs.length;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(`${SET}: ${pairs.length} pairs`);
  console.log(`judge calls in cascade mode: ${undecided} (${pct(share)}) — rules decide the other ${pairs.length - undecided}`);
  console.log(`  distinct (after the cache): ${distinct.size}`);
  console.log(`  labelled correct by the annotators: ${undecidedLabelCorrect} of ${undecided}`);
  console.log(`judge mode would make ${pairs.length} calls; the cascade makes ${pct(share)} of them (required: < 50%)`);
  return share < 0.5 ? 0 : 1;
}

process.exitCode = main();
