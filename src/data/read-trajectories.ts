// A JSONL file of search-agent trajectories, by question id: what `data trajectories` writes, or a
// user's own agent logs (`{ id, trajectory }`, or a trace carrying an `id` / `question_id`).
import { ValidationError } from '../errors.js';
import { readJsonl } from '../io/index.js';

/** Reads a trajectories file into records by question id; a bad line is an `INVALID_TRAJECTORY` naming file and line. */
export async function readTrajectoryFile(path: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
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
  }
  return out;
}
