import { describe, expect, it } from 'vitest';
import { progressFormat } from './progress.js';

describe('progressFormat', () => {
  it.each([
    [true, {}, '{rows} rows | {speed} rows/s | {errors} errors'],
    [false, {}, '{rows} rows | {speed} rows/s | {errors} errors'],
    // data walk: a walk that gives up is exhausted, not an error (issue 26, item 6).
    [true, { rows: 'chains', failed: 'exhausted' }, '{rows} chains | {speed} chains/s | {errors} exhausted'],
    [false, { rows: 'questions', failed: 'rejected' }, '{rows} questions | {speed} questions/s | {errors} rejected'],
  ])('with a total %s and words %j reads "%s"', (withTotal, words, expected) => {
    const format = progressFormat(withTotal, words);
    expect(format).toContain(expected);
    expect(format.includes('{bar}')).toBe(withTotal);
  });
});
