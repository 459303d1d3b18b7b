import { ValidationError } from '../errors.js';

// Checks of a public function's own arguments. A `null` where a string or an options object
// belongs would otherwise surface as a TypeError from deep inside, naming nothing the caller wrote.

/** Throws `ValidationError` (`INVALID_INPUT`) naming `name` unless `value` is a string. */
export function expectText(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new ValidationError('INVALID_INPUT', [{ path: [name], code: 'invalid_type', message: `expected a string, got ${describe(value)}` }]);
  }
}

/** Throws `ValidationError` (`INVALID_OPTIONS`) naming `name` unless `value` is undefined or an options object. */
export function expectOptions(value: unknown, name = 'options'): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('INVALID_OPTIONS', [
      { path: [name], code: 'invalid_type', message: `expected an options object or undefined, got ${describe(value)}` },
    ]);
  }
}

/** `null`, `an array`, or the `typeof` of a value, for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
