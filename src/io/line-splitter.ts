// A line splitter over a byte stream that holds at most one chunk and one partial line. It stands
// in for `readline`: readline's async iterator queues up to 1024 parsed lines before it pauses the
// input (Node 20), which with long-context rows of 100 kB or more is 100 MB of text in flight.
// Here a chunk is split and handed over synchronously, so the caller's `for await` over the
// stream is the only buffer, and it holds one chunk.

/** Splits text into lines on `\n`, dropping a trailing `\r` and a leading byte-order mark. */
export class LineSplitter {
  private parts: string[] = [];
  private partChars = 0;
  private first = true;
  private readonly maxLineChars: number;

  /** `maxLineChars`: a longer line throws a `RangeError` before it is joined (a string over ~512 MB cannot be). */
  constructor(options: { maxLineChars?: number | undefined } = {}) {
    this.maxLineChars = options.maxLineChars ?? Number.POSITIVE_INFINITY;
  }

  /** Calls `onLine` for every line completed by `chunk`. */
  push(chunk: string, onLine: (line: string) => void): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      let line = chunk.slice(start, nl);
      if (this.parts.length > 0) {
        // Join only when a line is complete, so a very long line is copied once, not per chunk.
        this.parts.push(line);
        this.check(this.partChars + line.length);
        line = this.parts.join('');
        this.parts = [];
        this.partChars = 0;
      } else {
        this.check(line.length);
      }
      onLine(this.clean(line));
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.slice(start);
      this.check(this.partChars + rest.length);
      this.parts.push(rest);
      this.partChars += rest.length;
    }
  }

  private check(chars: number): void {
    if (chars > this.maxLineChars) {
      this.parts = [];
      this.partChars = 0;
      throw new RangeError(`a line is longer than ${this.maxLineChars} characters`);
    }
  }

  /** Calls `onLine` for the last line when the input did not end with a newline. */
  end(onLine: (line: string) => void): void {
    if (this.parts.length === 0) return;
    const line = this.parts.join('');
    this.parts = [];
    this.partChars = 0;
    onLine(this.clean(line));
  }

  private clean(line: string): string {
    let out = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (this.first) {
      this.first = false;
      if (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
    }
    return out;
  }
}
