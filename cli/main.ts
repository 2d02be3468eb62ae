#!/usr/bin/env node
/** The `godwarf` executable (package.json bin: dist/cli/main.js). All logic is in cli/app.ts. */
import { runCli } from "./app.js";
import { installSignalCleanup } from "./outputs.js";

// Leaving through exitCode (not process.exit) lets pending stdout writes drain.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  // `godwarf dump prog | head` closes the pipe early; that is not an error.
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
// SIGINT and SIGTERM remove any temporary output file before the process dies of them.
installSignalCleanup();
process.exitCode = runCli(process.argv.slice(2));
