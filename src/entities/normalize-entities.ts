import { ValidationError, type ValidationIssue } from '../errors.js';
import { tokenize } from '../text/index.js';

/** An entity after validation: a trimmed name, its aliases (without duplicates) and a weight. */
export interface NormalizedEntity {
  name: string;
  aliases: string[];
  weight: number;
}

/**
 * Validates gold entities and puts them in one shape. Throws `ValidationError` (code
 * `INVALID_ENTITY`) naming the field, e.g. `entities[2].name: entity name is empty`.
 */
export function normalizeEntities(entities: unknown, path: (string | number)[] = ['entities']): NormalizedEntity[] {
  if (!Array.isArray(entities)) {
    throw new ValidationError('INVALID_ENTITY', [{ path, code: 'invalid_type', message: 'expected an array of entities' }]);
  }
  const issues: ValidationIssue[] = [];
  const out: NormalizedEntity[] = [];
  entities.forEach((entity: unknown, i) => {
    const at = [...path, i];
    const normalized = normalizeOne(entity, at, issues);
    if (normalized !== undefined) out.push(normalized);
  });
  if (issues.length > 0) throw new ValidationError('INVALID_ENTITY', issues);
  return scaleWeights(out);
}

/**
 * Weights are finite, but their sum need not be (1e308 twice): recall would be ∞/∞ = NaN. When the
 * sum overflows, every weight is divided by the same power of two, which is exact and keeps their
 * ratios, so recall is a finite share in [0, 1] whatever the weights.
 */
function scaleWeights(entities: NormalizedEntity[]): NormalizedEntity[] {
  let sum = 0;
  let max = 0;
  for (const { weight } of entities) {
    sum += weight;
    if (weight > max) max = weight;
  }
  if (Number.isFinite(sum)) return entities;
  // 2^-k with max·2^-k ≤ 1: the sum is then at most the number of entities.
  const scale = 2 ** -Math.ceil(Math.log2(max));
  return entities.map((entity) => ({ ...entity, weight: entity.weight * scale }));
}

function normalizeOne(entity: unknown, at: (string | number)[], issues: ValidationIssue[]): NormalizedEntity | undefined {
  if (typeof entity === 'string') {
    const name = checkName(entity, at, issues);
    return name === undefined ? undefined : { name, aliases: [], weight: 1 };
  }
  if (typeof entity !== 'object' || entity === null || Array.isArray(entity)) {
    issues.push({ path: at, code: 'invalid_type', message: 'expected a string or { name, aliases?, weight? }' });
    return undefined;
  }
  const { name: rawName, aliases: rawAliases, weight: rawWeight } = entity as Record<string, unknown>;
  const name = checkName(rawName, [...at, 'name'], issues);
  const aliases: string[] = [];
  if (rawAliases !== undefined) {
    if (!Array.isArray(rawAliases)) {
      issues.push({ path: [...at, 'aliases'], code: 'invalid_type', message: 'expected an array of strings' });
    } else {
      // A set for the duplicate check: an entity may carry 10⁴ aliases, and compiling stays linear.
      const seen = new Set<string>();
      rawAliases.forEach((alias: unknown, j) => {
        const checked = checkName(alias, [...at, 'aliases', j], issues, 'alias');
        if (checked !== undefined && checked !== name && !seen.has(checked)) {
          seen.add(checked);
          aliases.push(checked);
        }
      });
    }
  }
  let weight = 1;
  if (rawWeight !== undefined) {
    if (typeof rawWeight !== 'number' || !Number.isFinite(rawWeight) || rawWeight < 0) {
      issues.push({ path: [...at, 'weight'], code: 'invalid_weight', message: 'weight must be a finite number >= 0' });
    } else weight = rawWeight;
  }
  return name === undefined ? undefined : { name, aliases, weight };
}

function checkName(value: unknown, at: (string | number)[], issues: ValidationIssue[], what = 'entity name'): string | undefined {
  if (typeof value !== 'string') {
    issues.push({ path: at, code: 'invalid_type', message: `expected a string, got ${describe(value)}` });
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed === '') {
    issues.push({ path: at, code: 'empty', message: `${what} is empty` });
    return undefined;
  }
  // Checked here, where the caller's indices are still known (duplicates are dropped later).
  if (tokenize(trimmed, 0, trimmed.length, 1).length === 0) {
    issues.push({ path: at, code: 'no_tokens', message: `"${trimmed}" has no letters or digits to match` });
    return undefined;
  }
  return trimmed;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
