// The exit codes of every command, in a module of their own so that command modules can use them
// without importing the program that loads them (which would be an import cycle).

/**
 * Exit codes: 0 success, 1 rows failed (score) / results differ (demo) / service failed (serve), 2 bad usage,
 * 3 internal error, 4 stopped by a budget (the partial output is kept; --resume continues). A run
 * stopped by SIGINT / SIGTERM exits 130 / 143.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3, incomplete: 4 } as const;
