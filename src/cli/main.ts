// Placeholder entry so the package's `bin` resolves; the CLI proper is tracked in its own issue.
process.stdout.write('longtrace-reward: the command-line interface is not available yet; use the library API.\n');
