// Retry timing of the chat client: exponential backoff with jitter, and the server's Retry-After.

/** The wait before retry number `attempt + 1`: doubling from `baseMs`, capped, half fixed and half random; at least a `Retry-After` (capped too). */
export function backoff(attempt: number, retryAfterMs: number | undefined, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, maxMs));
}

/** A `Retry-After` of seconds or an HTTP date, in ms. */
export function retryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
