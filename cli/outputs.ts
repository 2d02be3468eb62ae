/**
 * Several output files written as one: an executable and its debug file (and their copies in a
 * build-id tree) must never be left half-written or out of step, since the executable's debuglink
 * holds the CRC of that very debug file. Every file is first written in full under a temporary name
 * in its own directory; only when all of them are complete are they renamed into place, the
 * executable last. Any failure before that removes every temporary file and every directory made
 * for the outputs, so nothing is left behind.
 */
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError, WRITE_REASONS } from "./output.js";

export interface OutputFile {
  path: string;
  data: Uint8Array;
  /** Set exactly (not filtered by the umask). */
  mode: number;
}

/** What lstat found, in words, when it is not a regular file. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isFIFO()) return "a named pipe";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  return "not a regular file";
}

/**
 * Refuses an output path where something other than a regular file already is: replacing a
 * directory, a link, a pipe or a device with a file is never what was meant.
 */
export function checkOutputPath(path: string): void {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isFile())
    throw new CliError(`${path}: is ${kindOf(st)}, not a regular file: not replaced (remove it first)`);
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code !== undefined && WRITE_REASONS[code]) || (e as Error).message;
}

/**
 * Writes `files` all or nothing (see the module comment), after making `dirs` (each with its
 * parents). Paths must be distinct. Failures are CliErrors "PATH: cannot write: reason".
 */
export function writeOutputs(files: readonly OutputFile[], dirs: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const f of files) {
    const p = resolve(f.path);
    if (seen.has(p)) throw new Error(`writeOutputs: ${f.path} given twice`);
    seen.add(p);
    checkOutputPath(f.path);
  }
  const made = new Set<string>();
  const temps: { tmp: string; path: string }[] = [];
  const undo = (): void => {
    for (const t of temps) rmSync(t.tmp, { force: true });
    // Deepest first: each was empty when made, and holds nothing of ours now.
    for (const d of [...made].sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(d);
      } catch {
        // Something else was put there meanwhile: leave it.
      }
    }
  };
  try {
    for (const d of dirs) {
      try {
        const first = mkdirSync(d, { recursive: true });
        if (first !== undefined) {
          // mkdirSync names the first directory it made; record it and every one below it.
          for (let p = resolve(d); p.length >= resolve(first).length; p = dirname(p)) made.add(p);
        }
      } catch (e) {
        throw new CliError(`${d}: cannot create the directory: ${reason(e)}`);
      }
    }
    for (const f of files) {
      const tmp = join(
        dirname(f.path),
        `.${basename(f.path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
      );
      try {
        writeFileSync(tmp, f.data, { flag: "wx", mode: f.mode });
        temps.push({ tmp, path: f.path });
        chmodSync(tmp, f.mode);
      } catch (e) {
        // Partly written (no space left, say); but never someone else's file of the same name.
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") rmSync(tmp, { force: true });
        throw new CliError(`${f.path}: cannot write: ${reason(e)}`);
      }
    }
    for (const t of temps) checkOutputPath(t.path);
  } catch (e) {
    undo();
    throw e;
  }
  // Every file is complete: now into place, in the order given (the caller puts the executable last).
  for (const t of temps) {
    try {
      renameSync(t.tmp, t.path);
    } catch (e) {
      for (const u of temps) rmSync(u.tmp, { force: true });
      throw new CliError(`${t.path}: cannot write: ${reason(e)}`);
    }
  }
}
