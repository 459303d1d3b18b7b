import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { rubricReward } from './rubric/index.js';
import { fromLongTraceBody, fromNativeRow, toRewardRequest } from './schema.js';

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('a missing field says so (issue 15)', () => {
  it.each([
    ['a LongTraceRL row without label', () => fromLongTraceBody({ response: 'x' }), 'label: required field is missing'],
    ['a native row without answer', () => fromNativeRow({ response: 'x', entities: [] }), 'answer: required field is missing'],
  ])('%s', (_what, fn, message) => {
    const error = thrown(fn);
    expect([error.code, error.message]).toEqual(['INVALID_INPUT', message]);
  });

  it('a label of the wrong type is still "Invalid input", not "missing"', () => {
    expect(thrown(() => fromLongTraceBody({ label: 3, response: 'x' })).message).not.toContain('missing');
  });
});

describe("entities may be omitted with strategy 'outcome-only' (issue 15)", () => {
  const row = { response: 'The answer is \\boxed{Paris}.', answer: 'Paris' };

  it('the row schema takes it, and rubricReward scores the outcome', () => {
    const request = toRewardRequest(row, { strategy: 'outcome-only' });
    expect(rubricReward(request.input, request.options)).toMatchObject({ reward: 1, outcome: 1, rubric: 0 });
  });

  it.each(['positive-only', 'mixed', 'negative-only'] as const)('with %s the library names the missing field', (strategy) => {
    const request = toRewardRequest(row, { strategy });
    const error = thrown(() => rubricReward(request.input, request.options));
    expect([error.code, error.path, error.message]).toEqual(['INVALID_INPUT', 'entities', "entities: required field is missing (it may be omitted only with strategy 'outcome-only')"]);
  });
});
