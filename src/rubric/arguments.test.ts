import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { splitMessages, splitResponse } from '../response/index.js';
import { extractFinalAnswer, verifyAnswer } from '../verify/index.js';
import { groupRewards } from './group-rewards.js';
import { rubricReward } from './rubric-reward.js';
import { rubricScore } from './rubric-score.js';

// Callers from JavaScript (or JSON with a field set to null) pass null where a string or an options
// object belongs: the error must name that argument, not be a TypeError from deep inside.
const input = { response: '<think>Cologne, Rhine.</think> North Sea', answer: 'North Sea', entities: ['Cologne', 'Rhine'] };
const untyped = <T>(value: unknown): T => value as T;

describe('null or the wrong type as a text or options argument → ValidationError naming it', () => {
  it.each<{ call: string; run: () => unknown; code: string; path: string; message: RegExp }>([
    { call: 'verifyAnswer(r, g, null)', run: () => verifyAnswer('Paris', 'Paris', untyped(null)), code: 'INVALID_OPTIONS', path: 'options', message: /got null/ },
    { call: "verifyAnswer(r, g, 'fuzzy')", run: () => verifyAnswer('Paris', 'Paris', untyped('fuzzy')), code: 'INVALID_OPTIONS', path: 'options', message: /got string/ },
    { call: 'rubricScore(null, e)', run: () => rubricScore(untyped(null), ['Rhine']), code: 'INVALID_INPUT', path: 'text', message: /got null/ },
    { call: 'rubricScore(42, e)', run: () => rubricScore(untyped(42), ['Rhine']), code: 'INVALID_INPUT', path: 'text', message: /got number/ },
    { call: 'rubricScore(t, e, null)', run: () => rubricScore('Rhine', ['Rhine'], untyped(null)), code: 'INVALID_OPTIONS', path: 'options', message: /got null/ },
    { call: 'rubricReward(input, [])', run: () => rubricReward(input, untyped([])), code: 'INVALID_OPTIONS', path: 'options', message: /got an array/ },
    { call: "groupRewards(results, 'x')", run: () => groupRewards([], untyped('x')), code: 'INVALID_OPTIONS', path: 'options', message: /got string/ },
    { call: 'groupRewards(null)', run: () => groupRewards(untyped(null)), code: 'INVALID_INPUT', path: 'results', message: /array/ },
    { call: 'splitMessages(null)', run: () => splitMessages(untyped(null)), code: 'INVALID_INPUT', path: 'messages', message: /got null/ },
    { call: 'splitMessages([null])', run: () => splitMessages(untyped([null])), code: 'INVALID_INPUT', path: '[0]', message: /got null/ },
    { call: 'splitMessages(m, null)', run: () => splitMessages([], untyped(null)), code: 'INVALID_OPTIONS', path: 'options', message: /got null/ },
    { call: 'splitResponse(null)', run: () => splitResponse(untyped(null)), code: 'INVALID_INPUT', path: 'text', message: /got null/ },
    { call: 'splitResponse(t, null)', run: () => splitResponse('x', untyped(null)), code: 'INVALID_OPTIONS', path: 'options', message: /got null/ },
    { call: 'extractFinalAnswer(null)', run: () => extractFinalAnswer(untyped(null)), code: 'INVALID_INPUT', path: 'response', message: /got null/ },
    { call: 'extractFinalAnswer(undefined)', run: () => extractFinalAnswer(untyped(undefined)), code: 'INVALID_INPUT', path: 'response', message: /got undefined/ },
    { call: 'extractFinalAnswer(r, null)', run: () => extractFinalAnswer('x', untyped(null)), code: 'INVALID_OPTIONS', path: 'options', message: /got null/ },
  ])('$call', ({ run, code, path, message }) => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as ValidationError;
    expect({ code: error.code, path: error.path }).toEqual({ code, path });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it('null options of rubricReward and groupRewards still mean the defaults, as their types say', () => {
    expect(rubricReward(input, null)).toEqual(rubricReward(input));
    expect(groupRewards([{ outcome: 1, rubric: 0.5 }], null)).toEqual(groupRewards([{ outcome: 1, rubric: 0.5 }]));
  });

  it('verifyAnswer never throws on the response itself: null is no answer', () => {
    expect(verifyAnswer(untyped(null), 'Paris').method).toBe('no-answer');
  });
});
