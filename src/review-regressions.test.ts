// Defects found by a review of the scoring path, pinned so they stay fixed.
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { groupRewards, rubricReward, verifyAnswer } from './index.js';
import { fromLongTraceBody } from './schema.js';
import { parseLabel } from './server/wire.js';

describe('review regressions', () => {
  it('gold answers that join to the same string do not share a cache entry', () => {
    expect(verifyAnswer('Paris', ['Paris\u0000Lyon']).correct).toBe(false);
    expect(verifyAnswer('Paris', ['Paris', 'Lyon'])).toMatchObject({ correct: true, method: 'exact' });
  });

  it('a response repeating "\\boxed{" is read in one pass and still finds a closed box', () => {
    expect(verifyAnswer(`${'\\boxed{'.repeat(2000)}\\boxed{Paris}`, 'Paris').correct).toBe(true);
  });

  it('entities that are not JSON get a typed validation error, not a TypeError', () => {
    const weight = 1n as unknown as number;
    expect(() => rubricReward({ response: 'Paris', answer: 'Paris', entities: [{ name: 'Paris', weight }] })).toThrow(ValidationError);
  });

  it('null options mean the defaults', () => {
    expect(rubricReward({ response: 'Paris', answer: 'Paris', entities: ['Paris'] }, null).reward).toBe(1);
    expect(groupRewards([{ outcome: 1, rubric: 0.5 }], null).rewards).toEqual([1]);
  });

  it('groupRewards checks the holes of a sparse array and takes very large groups', () => {
    const sparse = [{ outcome: 1, rubric: 0.5 }, undefined, { outcome: 0, rubric: 1 }] as unknown as { outcome: number; rubric: number }[];
    delete (sparse as unknown[])[1];
    expect(() => groupRewards(sparse)).toThrow(/results\[1\]\.outcome/);
    expect(groupRewards(Array.from({ length: 200_000 }, () => ({ outcome: 1, rubric: 0.5 }))).rewards).toHaveLength(200_000);
  });

  it('a LongTraceRL body with both rubric sources off scores and reports no rubric', () => {
    const request = fromLongTraceBody({
      label: 'Paris',
      extra_reward_info: { rubrics: ['France', 'Paris'], rubric_use_reasoning_content: false, rubric_use_content: false },
      response: 'Paris',
    });
    const result = rubricReward(request.input, request.options);
    expect({ reward: result.reward, rubric: result.rubric }).toEqual({ reward: 1, rubric: 0 });
  });

  it('an OpenRLHF label that is a JSON array of strings is a list of gold aliases', () => {
    expect(parseLabel('["Paris", "City of Light"]', 0).answer).toEqual(['Paris', 'City of Light']);
    expect(parseLabel('[not json', 0).answer).toBe('[not json');
  });
});
