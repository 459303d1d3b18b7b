import assert from 'node:assert/strict';
import { rubricReward, ValidationError } from '../src/index.js';

try {
  rubricReward({ response: '\\boxed{Rhine}', answer: 'Rhine', entities: ['Cologne', { name: ' ' }] });
  assert.fail('expected a ValidationError');
} catch (error) {
  assert.ok(error instanceof ValidationError);
  assert.equal(error.code, 'INVALID_ENTITY');
  assert.equal(error.path, 'entities[1].name');
  assert.equal(error.message, 'entities[1].name: entity name is empty');
  assert.deepEqual(error.issues, [{ path: ['entities', 1, 'name'], code: 'empty', message: 'entity name is empty' }]);
}

assert.throws(() => rubricReward({ response: 'x', answer: 'x', entities: ['x'] }, { eta: 2 }), {
  name: 'ValidationError',
  code: 'INVALID_OPTIONS',
  path: 'eta',
});
