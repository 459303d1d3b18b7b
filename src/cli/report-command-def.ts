// Registers the `report` command(s). Each action loads its module lazily, so parsing the
// command line stays cheap.
import type { Command } from 'commander';

/** Adds the `report` command(s) to `parent`; `onCode` receives the exit code. */
export function registerReportCommand(parent: Command, onCode: (code: number) => void): void {
  void parent;
  void onCode;
}
