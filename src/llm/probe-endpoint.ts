// One cheap request to a model endpoint before a run starts (`GET {baseURL}/models`, which
// OpenAI-compatible servers answer): an endpoint that cannot be reached is said once, clearly,
// before anything is written, instead of as every row failing with LLM_UNAVAILABLE.

/**
 * Resolves with the problem, or undefined when the endpoint answered (any status but 401 / 403:
 * a server without `/models` still answers). `keyEnv` names where the API key comes from, for the message.
 */
export async function probeEndpoint(baseURL: string, options: { apiKey?: string | undefined; keyEnv?: string | undefined; timeoutMs?: number | undefined } = {}): Promise<string | undefined> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let base = baseURL;
  while (base.endsWith('/')) base = base.slice(0, -1);
  try {
    const response = await fetch(`${base}/models`, {
      headers: options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
      return `it refused the API key (HTTP ${response.status}${options.keyEnv === undefined ? '' : `; the key comes from ${options.keyEnv}`})`;
    }
    return undefined;
  } catch (error) {
    // undici puts the socket's error in `cause` (an AggregateError of each address tried, for a name).
    const inner = (error as { cause?: { code?: string; errors?: { code?: string }[]; message?: string } }).cause;
    const cause = inner?.code ?? inner?.errors?.[0]?.code ?? inner?.message;
    if ((error as Error).name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
    return `it cannot be reached (${cause ?? (error as Error).message})`;
  }
}
