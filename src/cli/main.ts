// The `longtrace-reward` command (package `bin`, built to dist/cli.js). See docs/cli.md.
import { run } from './program.js';

// A reader that closes the pipe (`longtrace-reward --help | head -2`) has seen enough: without a
// listener, the EPIPE would be an unhandled 'error' event and a crash. Later writes to the closed
// stream fail the same way and are dropped too; `score` also stops reading its input (its own
// listener). Any other error of stdout or stderr is still thrown.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

// Set the code rather than call process.exit(), which could cut off output still being written.
process.exitCode = await run(process.argv);
