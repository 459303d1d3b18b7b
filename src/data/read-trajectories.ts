// A JSONL file of search-agent trajectories, by question id: what `data trajectories` writes, or a
// user's own agent logs (`{ id, trajectory }`, or a trace carrying an `id` / `question_id`).
import { ValidationError } from '../errors.js';
import { readJsonl } from '../io/index.js';

/** Reads a trajectories file into records by question id; a bad line is an `INVALID_TRAJECTORY` naming file and line. */
export async function readTrajectoryFile(path: string): Promise<Map<string, unknown>> {
  return (await readTrajectoryRecords(path)).trajectories;
}

/** A trajectories file read: the records by question id, and the `stop` of the rows that have one (`data trajectories` writes it). */
export interface TrajectoryRecords {
  trajectories: Map<string, unknown>;
  stops: Map<string, string>;
}

/** As `readTrajectoryFile`, keeping each row's `stop` (how the agent's run ended) for the rows' provenance. */
export async function readTrajectoryRecords(path: string): Promise<TrajectoryRecords> {
  const out = new Map<string, unknown>();
  const stops = new Map<string, string>();
  for await (const row of readJsonl(path)) {
    const at = [path, row.line];
    if (row.error !== undefined) {
      throw new ValidationError('INVALID_TRAJECTORY', [{ path: at, code: 'invalid_json', message: `line ${row.line} of ${path} is ${row.error}` }]);
    }
    const fields = typeof row.value === 'object' && row.value !== null ? (row.value as Record<string, unknown>) : {};
    const id = fields['id'] ?? fields['question_id'];
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new ValidationError('INVALID_TRAJECTORY', [{ path: [...at, 'id'], code: 'missing_id', message: `line ${row.line} of ${path}: id: expected the question's id (id or question_id)` }]);
    }
    out.set(String(id), fields['trajectory'] ?? row.value);
    if (fields['trajectory'] !== undefined && typeof fields['stop'] === 'string') stops.set(String(id), fields['stop']);
  }
  return { trajectories: out, stops };
}
