// The piscina worker: one scoring thread. Built as dist/server-worker.cjs next to the server
// bundle; from src/ (tests, tsx) it runs with tsx registered in the thread (see scorer.ts).
import { runTask, type GroupOutcome, type RequestOutcome, type RowOutcome, type Task } from './task.js';

export default function run(task: Task): RequestOutcome | RowOutcome[] | GroupOutcome {
  return runTask(task);
}
