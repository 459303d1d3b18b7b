// The `longtrace-reward` command (package `bin`, built to dist/cli.js). See docs/cli.md.
import { run } from './program.js';

// Set the code rather than call process.exit(), which could cut off output still being written.
process.exitCode = await run(process.argv);
