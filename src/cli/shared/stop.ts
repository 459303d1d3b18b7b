// Stopping a long run cleanly: the first Ctrl-C (SIGINT) or SIGTERM asks the run to stop after the
// row in hand, so it can keep what it wrote, write its manifest and say how to continue; a second
// signal ends the process at once, as a user who presses Ctrl-C twice expects.

/** A stop asked by a signal: `reason` is set once one arrives. */
export interface StopRequest {
  readonly reason: 'SIGINT' | 'SIGTERM' | undefined;
  /** Aborted when a signal arrives (for calls under way that can be abandoned). */
  readonly signal: AbortSignal;
  /** Removes the handlers (call when the run ends). */
  dispose(): void;
}

/** The exit code of a run ended by `reason`: 128 + the signal number, as shells report it. */
export function signalExitCode(reason: 'SIGINT' | 'SIGTERM'): number {
  return reason === 'SIGINT' ? 130 : 143;
}

/** Listens for SIGINT and SIGTERM until `dispose`; the first sets `reason`, the second exits. */
export function listenForStop(onStop?: (reason: 'SIGINT' | 'SIGTERM') => void): StopRequest {
  let reason: 'SIGINT' | 'SIGTERM' | undefined;
  const controller = new AbortController();
  const handler = (name: 'SIGINT' | 'SIGTERM'): void => {
    if (reason !== undefined) process.exit(signalExitCode(name));
    reason = name;
    onStop?.(name);
    controller.abort(new Error(`stopped by ${name}`));
  };
  const onInt = (): void => handler('SIGINT');
  const onTerm = (): void => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    get reason() {
      return reason;
    },
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
