import assert from 'node:assert/strict';
import { LongtraceError, verifyAnswer } from '../src/index.js';

try {
  verifyAnswer('Paris', []); // an empty gold answer
  assert.fail('expected an error');
} catch (error) {
  if (!LongtraceError.isInstance(error)) throw error; // true even for an error of another installed copy
  assert.equal(error.code, 'INVALID_GOLD_ANSWER');
  assert.equal(error.name, 'ValidationError');
}
