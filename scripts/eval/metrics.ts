/**
 * Baseline matchers (SQuAD exact match, substring EM) and the confusion-matrix
 * scoring used to compare a verifier with human / LLM-judge labels.
 */

/** ASCII punctuation, the same set as Python's `string.punctuation` used by the SQuAD script. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * Articles as whole words. Python's `\b` is Unicode-aware while JavaScript's is ASCII-only,
 * so word boundaries are spelled out with Unicode classes to match the reference script
 * on non-ASCII text (e.g. "éthe" keeps its "the").
 */
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

const WHITESPACE = /\s+/u;

/** SQuAD v1.1 `normalize_answer`: lower-case, drop punctuation, drop a/an/the, collapse whitespace. */
export function squadNormalize(text: string): string {
  const lowered = text.toLowerCase();
  const noPunctuation = lowered.replace(PUNCTUATION, '');
  const noArticles = noPunctuation.replace(ARTICLES, ' ');
  return noArticles.split(WHITESPACE).filter((token) => token.length > 0).join(' ');
}

/** SQuAD exact match: the normalised prediction equals some normalised gold alias. */
export function squadEM(prediction: string, gold: readonly string[]): boolean {
  const normalizedPrediction = squadNormalize(prediction);
  return gold.some((alias) => squadNormalize(alias) === normalizedPrediction);
}

/**
 * Substring EM: some normalised gold alias occurs in the normalised prediction.
 * Aliases that normalise to "" (e.g. "/", "'A") are skipped: the empty string is contained
 * in every prediction, and the issue-tracker figures (EfficientQA 0.867) were computed this way.
 */
export function substringEM(prediction: string, gold: readonly string[]): boolean {
  const normalizedPrediction = squadNormalize(prediction);
  return gold.some((alias) => {
    const normalizedAlias = squadNormalize(alias);
    return normalizedAlias.length > 0 && normalizedPrediction.includes(normalizedAlias);
  });
}

export interface Score {
  n: number;
  /** (tp + tn) / n */
  agreement: number;
  /** fp / (fp + tn): share of label-wrong answers accepted. NaN when there are none. */
  falseAccept: number;
  /** fn / (tp + fn): share of label-right answers rejected. NaN when there are none. */
  falseReject: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? Number.NaN : numerator / denominator;
}

/** Scores `predict` (true = "accepted as correct") against each pair's label. */
export function score<P extends { readonly label: boolean }>(
  pairs: readonly P[],
  predict: (pair: P, index: number) => boolean,
): Score {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  pairs.forEach((pair, index) => {
    const accepted = predict(pair, index);
    if (accepted && pair.label) tp += 1;
    else if (accepted) fp += 1;
    else if (pair.label) fn += 1;
    else tn += 1;
  });
  const n = pairs.length;
  return {
    n,
    agreement: ratio(tp + tn, n),
    falseAccept: ratio(fp, fp + tn),
    falseReject: ratio(fn, tp + fn),
    tp,
    fp,
    tn,
    fn,
  };
}
