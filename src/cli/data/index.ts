// The `data` command group: one folder per command (options.ts, command.ts, run.ts), registered here.
import type { Command } from 'commander';
import { defineDataBuildCommand } from './build/command.js';
import { defineDataDemoCommand } from './demo/command.js';
import { defineDataIndexCommand } from './index-corpus/command.js';
import { defineDataQuestionsCommand } from './questions/command.js';
import { defineDataReportCommand } from './report/command.js';
import { defineDataRunCommand } from './run/command.js';
import { defineDataServeRetrievalCommand } from './serve-retrieval/command.js';
import { defineDataTrajectoriesCommand } from './trajectories/command.js';
import { defineDataWalkCommand } from './walk/command.js';

/** Adds `data` and its commands to `program`; `onCode` receives the exit code. */
export function defineDataCommands(program: Command, onCode: (code: number) => void): void {
  const data = program
    .command('data')
    .summary('build training data: graph walks, questions, tiered contexts, training rows')
    .description('Build LongTraceRL training data: multi-hop chains from a knowledge graph, questions, long contexts with tiered distractors, and training rows.');
  defineDataWalkCommand(data, onCode);
  defineDataQuestionsCommand(data, onCode);
  defineDataIndexCommand(data, onCode);
  defineDataBuildCommand(data, onCode);
  defineDataReportCommand(data, onCode);
  defineDataRunCommand(data, onCode);
  defineDataTrajectoriesCommand(data, onCode);
  defineDataServeRetrievalCommand(data, onCode);
  defineDataDemoCommand(data, onCode);
}
