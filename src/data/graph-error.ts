import { ValidationError } from '../errors.js';

/**
 * A graph, label or relation source that cannot be read (`INVALID_GRAPH`): the message names the
 * file (or `item` of an iterable) and the line, e.g. `graph.tsv line 12: expected 3 tab-separated fields, got 2`.
 */
export class GraphError extends ValidationError {
  override name = 'GraphError';
  /** The file path, or `'(iterable)'`. */
  readonly file: string;
  /** 1-based line (or item) number; 0 when the whole source is at fault. */
  readonly line: number;

  constructor(file: string, line: number, message: string, options?: { cause?: unknown }) {
    const where = line > 0 ? `${file} line ${line}` : file;
    super('INVALID_GRAPH', [{ path: [], code: 'invalid_graph', message: `${where}: ${message}` }], options);
    this.file = file;
    this.line = line;
  }
}
