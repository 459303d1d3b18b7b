import { ValidationError } from '../errors.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** Throws `ValidationError` (`INVALID_INPUT`) naming `name` unless `value` is a string. */
export function checkText(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new ValidationError('INVALID_INPUT', [{ path: [name], code: 'invalid_type', message: `expected a string, got ${describe(value)}` }]);
  }
}

/** Throws `ValidationError` (`INVALID_OPTIONS`) naming `name` unless `value` is undefined or a plain object. */
export function checkOptions(value: unknown, name: string): void {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new ValidationError('INVALID_OPTIONS', [{ path: [name], code: 'invalid_type', message: `expected an options object, got ${describe(value)}` }]);
  }
}
