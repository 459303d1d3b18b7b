// For tests that run the CLI in-process: collects what it writes to stderr, afresh for each test.
import { afterEach, beforeEach, vi } from 'vitest';

/** Captures process.stderr in every test of the calling file; read `text`, reset with `clear()`. */
export function captureStderr(): { readonly text: string; clear(): void } {
  let text = '';
  beforeEach(() => {
    text = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      text += String(chunk);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());
  return {
    get text() {
      return text;
    },
    clear() {
      text = '';
    },
  };
}
