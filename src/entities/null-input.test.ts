import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { normalizeText, tokenize } from '../text/index.js';
import { createEntityMatcher, matchEntities } from './entity-matcher.js';

const matcher = createEntityMatcher(['Paris']);

// A caller from JavaScript (or JSON) may pass null where a string or an options object belongs.
describe('null where text or options belong', () => {
  it.each<[string, () => unknown, string, string]>([
    ['createEntityMatcher(e, null)', () => createEntityMatcher(['Paris'], null as never), 'INVALID_OPTIONS', 'options'],
    ['createEntityMatcher(e, [])', () => createEntityMatcher(['Paris'], [] as never), 'INVALID_OPTIONS', 'options'],
    ['tokenize(null)', () => tokenize(null as never), 'INVALID_INPUT', 'text'],
    ['normalizeText(null)', () => normalizeText(null as never), 'INVALID_INPUT', 'text'],
    ['normalizeText(42)', () => normalizeText(42 as never), 'INVALID_INPUT', 'text'],
    ['matchEntities(null, e)', () => matchEntities(null as never, ['Paris']), 'INVALID_INPUT', 'text'],
    ['matcher.match(null)', () => matcher.match(null as never), 'INVALID_INPUT', 'text'],
    ['matcher.match(text, 5)', () => matcher.match('Paris', 5 as never), 'INVALID_OPTIONS', 'options'],
  ])('%s throws a ValidationError naming the argument', (_, call, code, path) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe(code);
    expect((error as ValidationError).path).toBe(path);
    expect((error as ValidationError).message).toMatch(new RegExp(`^${path}: expected`));
  });

  it('still takes undefined options and a null match options', () => {
    expect(createEntityMatcher(['Paris'], undefined).match('Paris')[0]!.found).toBe(true);
    expect(matcher.match('Paris', null as never)[0]!.found).toBe(true);
  });
});
