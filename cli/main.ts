#!/usr/bin/env node
/** The `godwarf` executable (package.json bin: dist/cli/main.js). All logic is in cli/app.ts. */
import { runCli } from "./app.js";
import { loadCommandModules, MODULE_OF, type ModuleName } from "./commands/index.js";
import { installSignalCleanup } from "./outputs.js";

// Leaving through exitCode (not process.exit) lets pending stdout writes drain.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  // `godwarf dump prog | head` closes the pipe early; that is not an error.
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
// SIGINT and SIGTERM remove any temporary output file before the process dies of them.
installSignalCleanup();
const argv = process.argv.slice(2);
// Only the module of the command that runs is loaded (the first word that is not a flag); the
// top-level help and a mistyped command need none.
const word = argv.find((a) => !a.startsWith("-"));
const module: ModuleName | undefined = word === undefined ? undefined : MODULE_OF[word];
await loadCommandModules(module === undefined ? [] : [module]);
process.exitCode = runCli(argv);
