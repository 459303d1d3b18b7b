import { describe, expect, it } from 'vitest';
import { formatPath, LongtraceError, ValidationError, type ValidationIssue } from './errors.js';

describe('formatPath', () => {
  it.each<{ path: (string | number)[]; expected: string }>([
    { path: [], expected: '' },
    { path: ['eta'], expected: 'eta' },
    { path: ['entities', 2, 'name'], expected: 'entities[2].name' },
    { path: ['answer', 'aliases', 0], expected: 'answer.aliases[0]' },
    { path: [0], expected: '[0]' },
    { path: [0, 'content'], expected: '[0].content' },
    { path: ['results', 1, 0, 'rubric'], expected: 'results[1][0].rubric' },
    { path: ['a', 'b', 'c'], expected: 'a.b.c' },
  ])('$path → "$expected"', ({ path, expected }) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('LongtraceError', () => {
  it('carries a code, a name and a cause', () => {
    const cause = new Error('root');
    const error = new LongtraceError('INTERNAL', 'boom', { cause });
    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, code: error.code, message: error.message, cause: error.cause }).toMatchInlineSnapshot(`
      {
        "cause": [Error: root],
        "code": "INTERNAL",
        "message": "boom",
        "name": "LongtraceError",
      }
    `);
    expect(String(error)).toBe('LongtraceError: boom');
  });

  it.each<{ name: string; value: unknown; expected: boolean }>([
    { name: 'an instance', value: new LongtraceError('INTERNAL', 'x'), expected: true },
    { name: 'a subclass instance', value: new ValidationError('INVALID_INPUT', []), expected: true },
    // What an error thrown by a second installed copy of the package looks like to this copy.
    { name: 'a duplicate carrying the Symbol.for marker', value: { [Symbol.for('longtrace-reward.error')]: true, code: 'INTERNAL' }, expected: true },
    { name: 'an object inheriting from an instance', value: Object.create(new LongtraceError('INTERNAL', 'x')) as unknown, expected: true },
    { name: 'a plain Error', value: new Error('x'), expected: false },
    { name: 'a look-alike with the right name and code', value: { name: 'ValidationError', code: 'INVALID_INPUT' }, expected: false },
    { name: 'a marker that is not true', value: { [Symbol.for('longtrace-reward.error')]: 'yes' }, expected: false },
    { name: 'a local (non-registry) symbol of the same description', value: { [Symbol('longtrace-reward.error')]: true }, expected: false },
    { name: 'null', value: null, expected: false },
    { name: 'undefined', value: undefined, expected: false },
    { name: 'a string', value: 'LongtraceError', expected: false },
  ])('isInstance: $name → $expected', ({ value, expected }) => {
    expect(LongtraceError.isInstance(value)).toBe(expected);
  });

  it('isInstance narrows the type', () => {
    const value: unknown = new ValidationError('INVALID_OPTIONS', [{ path: ['eta'], code: 'out_of_range', message: 'bad' }]);
    if (!LongtraceError.isInstance(value)) throw new Error('expected a LongtraceError');
    expect(value.code).toBe('INVALID_OPTIONS');
  });
});

describe('ValidationError', () => {
  it.each<{ name: string; issues: ValidationIssue[]; message: string; path: string }>([
    {
      name: 'one issue with a path',
      issues: [{ path: ['entities', 1, 'name'], code: 'empty', message: 'entity name is empty' }],
      message: 'entities[1].name: entity name is empty',
      path: 'entities[1].name',
    },
    {
      name: 'several issues: the first is named, the rest counted',
      issues: [
        { path: ['eta'], code: 'out_of_range', message: 'eta must be in [0, 1]' },
        { path: ['strategy'], code: 'invalid_enum', message: 'unknown strategy' },
        { path: ['rubricSource'], code: 'invalid_enum', message: 'unknown source' },
      ],
      message: 'eta: eta must be in [0, 1] (and 2 more)',
      path: 'eta',
    },
    { name: 'an issue about the input itself', issues: [{ path: [], code: 'invalid_type', message: 'expected an object' }], message: 'expected an object', path: '' },
    { name: 'no issues', issues: [], message: 'invalid input', path: '' },
  ])('$name', ({ issues, message, path }) => {
    const error = new ValidationError('INVALID_INPUT', issues);
    expect(error.message).toBe(message);
    expect(error.path).toBe(path);
    expect(error.issues).toEqual(issues);
  });

  it('is a LongtraceError with its own name, a code and the cause', () => {
    const error = new ValidationError('INVALID_GOLD_ANSWER', [{ path: ['answer', 'answer'], code: 'invalid_type', message: 'expected a string' }], {
      cause: 'upstream',
    });
    expect(error).toBeInstanceOf(LongtraceError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(LongtraceError.isInstance(error)).toBe(true);
    expect({ name: error.name, code: error.code, message: error.message, path: error.path, cause: error.cause, issues: error.issues })
      .toMatchInlineSnapshot(`
        {
          "cause": "upstream",
          "code": "INVALID_GOLD_ANSWER",
          "issues": [
            {
              "code": "invalid_type",
              "message": "expected a string",
              "path": [
                "answer",
                "answer",
              ],
            },
          ],
          "message": "answer.answer: expected a string",
          "name": "ValidationError",
          "path": "answer.answer",
        }
      `);
    expect(String(error)).toBe('ValidationError: answer.answer: expected a string');
    expect(error.stack?.split('\n')[0]).toBe('ValidationError: answer.answer: expected a string');
  });
});
