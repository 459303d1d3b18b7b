// Progress of a run (`score`, the data commands) on stderr, only when stderr is a terminal (a log file should not fill
// with bar redraws). With a file the bar tracks bytes read; with stdin there is no total, so it
// shows rows, speed and time only.
import cliProgress from 'cli-progress';

export interface Progress {
  update(rows: number, errors: number, bytes: number): void;
  /** Prints a line above the bar (a warning) without garbling it. */
  log(text: string): void;
  stop(): void;
}

/** The words the bar counts in: `rows` (what is written) and `failed` (what is not: "errors", "exhausted", "rejected"). */
export interface ProgressWords {
  /** @default 'rows' */
  rows?: string | undefined;
  /** @default 'errors' */
  failed?: string | undefined;
}

/** The line format of the bar, with a total (a bar and an ETA) or without. */
export function progressFormat(withTotal: boolean, words: ProgressWords = {}): string {
  const rows = words.rows ?? 'rows';
  const failed = words.failed ?? 'errors';
  return withTotal
    ? `{bar} {percentage}% | {rows} ${rows} | {speed} ${rows}/s | {errors} ${failed} | {duration_formatted} elapsed, ETA {eta_formatted}`
    : `{rows} ${rows} | {speed} ${rows}/s | {errors} ${failed} | {duration_formatted} elapsed`;
}

/** A progress reporter on `stream`: a bar when it is a terminal and `enabled`, else nothing. */
export function createProgress(stream: NodeJS.WriteStream, totalBytes: number | undefined, enabled: boolean, words: ProgressWords = {}): Progress {
  if (!enabled || stream.isTTY !== true) {
    return { update() {}, log: (text) => void stream.write(text), stop() {} };
  }
  const format = progressFormat(totalBytes !== undefined && totalBytes > 0, words);
  const bar = new cliProgress.SingleBar(
    { format, stream, hideCursor: true, clearOnComplete: true, barsize: 24, fps: 10, etaBuffer: 64 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  const fmt = new Intl.NumberFormat('en-US');
  bar.start(totalBytes ?? 1, 0, { rows: '0', speed: '0', errors: '0' });
  let last = 0;
  return {
    update(rows, errors, bytes) {
      const now = Date.now();
      if (now - last < 100) return; // redraw at most 10 times a second; rows come far faster
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      bar.update(totalBytes ? Math.min(bytes, totalBytes) : 0, {
        rows: fmt.format(rows),
        speed: fmt.format(Math.round(rows / seconds)),
        errors: fmt.format(errors),
      });
    },
    log(text) {
      stream.write(`\r\u001b[2K${text}`);
    },
    stop() {
      bar.stop();
    },
  };
}
