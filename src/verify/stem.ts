/** Folds a plural ending so "languages" meets "language" ("cities" → "city"). */
export function stem(key: string): string {
  if (key.length < 4 || key.includes(':')) return key;
  if (key.endsWith('ies') && key.length > 4) return `${key.slice(0, -3)}y`;
  if (key.endsWith('s') && !key.endsWith('ss') && !key.endsWith('us') && !key.endsWith('is')) return key.slice(0, -1);
  return key;
}
