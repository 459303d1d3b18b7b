// Progress of a `score` run on stderr, only when stderr is a terminal (a log file should not fill
// with bar redraws). With a file the bar tracks bytes read; with stdin there is no total, so it
// shows rows, speed and time only.
import cliProgress from 'cli-progress';

export interface Progress {
  update(rows: number, errors: number, bytes: number): void;
  /** Prints a line above the bar (a warning) without garbling it. */
  log(text: string): void;
  stop(): void;
}

/** A progress reporter on `stream`: a bar when it is a terminal and `enabled`, else nothing; counts `unit` (rows, passages). */
export function createProgress(stream: NodeJS.WriteStream, totalBytes: number | undefined, enabled: boolean, unit = 'rows'): Progress {
  if (!enabled || stream.isTTY !== true) {
    return { update() {}, log: (text) => void stream.write(text), stop() {} };
  }
  const format =
    totalBytes !== undefined && totalBytes > 0
      ? `{bar} {percentage}% | {rows} ${unit} | {speed} ${unit}/s | {errors} errors | {duration_formatted} elapsed, ETA {eta_formatted}`
      : `{rows} ${unit} | {speed} ${unit}/s | {errors} errors | {duration_formatted} elapsed`;
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
