// The command line: commander parses, zod checks the options (src/cli/options.ts), and each
// command's module does the work. `run` returns the exit code instead of exiting, so nothing is
// cut off while stdout is still being written.
import { Command, CommanderError } from 'commander';
import { colorsFor } from './shared/colors.js';
import { EXIT } from './shared/exit-codes.js';
import { defineDataCommands } from './data/index.js';
import { defineDemoCommand } from './demo/command.js';
import { defineReportCommand } from './report/command.js';
import { defineScoreCommand } from './score/command.js';
import { defineServeCommand } from './serve/command.js';
import { UsageError } from './shared/options.js';
import { docPath, packageVersion } from './shared/version.js';

export { EXIT } from './shared/exit-codes.js';




export function createProgram(onCode: (code: number) => void): Command {
  const program = new Command('longtrace-reward');
  const c = colorsFor(process.stderr);
  program
    .description('Outcome + rubric rewards for RL on long-context multi-hop QA.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError(c.dim('(add --help for usage)'))
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(c.red(text)) });




  // One folder per command: command.ts defines the flags, run.ts (loaded when the command runs) works.
  defineScoreCommand(program, onCode);
  defineDemoCommand(program, onCode);
  defineServeCommand(program, onCode);
  defineDataCommands(program, onCode);
  defineReportCommand(program, onCode);

  // The docs ship in the package: point at the copy on this machine, which opens offline.
  program.addHelpText(
    'after',
    () => `\nExamples:\n  $ longtrace-reward demo\n  $ longtrace-reward score rollouts.jsonl > rewards.jsonl\n  $ longtrace-reward serve --port 8000\n\nDocs: ${docPath('docs/cli.md')}`,
  );
  return program;
}

/** Runs the command line `argv` (as in `process.argv`) and resolves with the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram((c) => (code = c));
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    // --help and --version end with exit code 0; every other commander error is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const c = colorsFor(process.stderr);
    if (error instanceof UsageError) {
      process.stderr.write(`${c.red('error:')} ${error.message.replace(/\n/g, '\n       ')}\n${c.dim('(add --help for usage)')}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`${c.red('internal error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}
