import { describe, expect, it } from 'vitest';
import { LongtraceError, ValidationError } from '../errors.js';
import { JudgeError } from '../judge/index.js';
import { HttpError, toErrorReply } from './http-error.js';

describe('toErrorReply', () => {
  it.each([
    [new HttpError(503, 'TIMEOUT', 'too slow'), 503, { code: 'TIMEOUT', message: 'too slow', path: '' }],
    [
      new ValidationError('INVALID_ENTITY', [{ path: ['entities', 1, 'name'], code: 'empty', message: 'entity name is empty' }]),
      400,
      {
        code: 'INVALID_ENTITY',
        message: 'entities[1].name: entity name is empty',
        path: 'entities[1].name',
        issues: [{ path: 'entities[1].name', code: 'empty', message: 'entity name is empty' }],
      },
    ],
    [new JudgeError('JUDGE_UNAVAILABLE', 'HTTP 503'), 502, { code: 'JUDGE_UNAVAILABLE', message: 'HTTP 503', path: '' }],
    [new JudgeError('JUDGE_UNPARSEABLE', 'no verdict'), 502, { code: 'JUDGE_UNPARSEABLE', message: 'no verdict', path: '' }],
    [new JudgeError('JUDGE_TIMEOUT', 'too slow'), 504, { code: 'JUDGE_TIMEOUT', message: 'too slow', path: '' }],
    [new LongtraceError('INVALID_OPTIONS', 'bad'), 400, { code: 'INVALID_OPTIONS', message: 'bad', path: '' }],
    [new LongtraceError('INTERNAL', 'oops'), 500, { code: 'INTERNAL', message: 'oops', path: '' }],
    [Object.assign(new Error('big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }), 413, { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), path: '' }],
    [Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 }), 400, { code: 'INVALID_JSON', message: 'the body is not valid JSON: Unexpected end of JSON input', path: '' }],
    [Object.assign(new Error('x'), { code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 }), 400, { code: 'INVALID_JSON', message: expect.any(String), path: '' }],
    [Object.assign(new Error('weird'), { statusCode: 431 }), 431, { code: 'BAD_REQUEST', message: 'weird', path: '' }],
    [new Error('secret internals'), 500, { code: 'INTERNAL', message: 'internal error; see the server log', path: '' }],
    ['a string', 500, { code: 'INTERNAL', message: 'internal error; see the server log', path: '' }],
  ])('%o → %i', (error, status, body) => {
    expect(toErrorReply(error)).toEqual({ status, body: { error: body } });
  });
});
