/**
 * --dump: one JSONL file per set with the pairs where verifyAnswer disagrees with the label.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EvalPair, EvalSet } from './datasets.js';
import { disagreementIndices, type Outcome, type Verdict } from './run.js';

const KEEP_HEAD = 300;
const KEEP_TAIL = 300;

/** First and last 300 characters of a long response, with the number of characters cut. */
export function truncateMiddle(text: string, head = KEEP_HEAD, tail = KEEP_TAIL): string {
  const chars = Array.from(text); // code points, so a surrogate pair is never split
  if (chars.length <= head + tail) return text;
  const omitted = chars.length - head - tail;
  return `${chars.slice(0, head).join('')} … [${omitted} chars omitted] … ${chars.slice(-tail).join('')}`;
}

/** The verdict as returned (extra fields included), or its known fields if it cannot be serialised. */
function serialisableVerdict(verdict: Verdict): unknown {
  try {
    const text = JSON.stringify(verdict, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    return JSON.parse(text) as unknown;
  } catch {
    return { correct: verdict.correct, method: verdict.method };
  }
}

function dumpRecord(pair: EvalPair, outcome: Outcome): Record<string, unknown> {
  return {
    id: pair.id,
    question: pair.question,
    gold: pair.gold,
    label: pair.label,
    verdict: serialisableVerdict(outcome.verdict),
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
    ...(pair.baselinePrediction === pair.response ? {} : { baselinePrediction: pair.baselinePrediction }),
    responseLength: pair.response.length,
    response: truncateMiddle(pair.response),
  };
}

export function dumpFileName(setName: string): string {
  return `${setName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.disagreements.jsonl`;
}

/** Writes the disagreements of one set; returns the file path and the number of records. */
export function writeDisagreements(
  dir: string,
  set: EvalSet,
  outcomes: readonly Outcome[],
): { path: string; count: number } {
  const target = resolve(dir);
  mkdirSync(target, { recursive: true });
  const path = join(target, dumpFileName(set.name));
  const lines = disagreementIndices(set.pairs, outcomes).flatMap((index) => {
    const pair = set.pairs[index];
    const outcome = outcomes[index];
    return pair === undefined || outcome === undefined ? [] : [JSON.stringify(dumpRecord(pair, outcome))];
  });
  writeFileSync(path, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return { path, count: lines.length };
}
