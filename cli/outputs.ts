/**
 * Every file the CLI writes goes through here (`-o` of every command, `demo -o`, every file of a
 * layout: executable, debug file, build-id tree). Writing never destroys what a path names:
 *
 * - A new path, or an existing regular file: written in full under a temporary name in the
 *   directory it goes to, then renamed over it. An existing file keeps its permission bits (and,
 *   when run as root, its owner), as `cp` keeps them.
 * - A symbolic link is followed (every link of a chain, a dangling one too, as `cp` does) and its
 *   target replaced atomically in the target's own directory; the link stays a link.
 * - An existing file that is not a regular file (a character or block device such as `/dev/null`,
 *   a named pipe, `/dev/stdout`) is opened and written in place, never replaced. A named pipe with
 *   no reader is an error, not a hang.
 * - A directory or a socket is refused.
 *
 * Several files are written as one (an executable and its debug file, whose debuglink holds the
 * debug file's CRC, must never be out of step): every temporary file is complete before the first
 * is renamed into place, in the order given (callers put the executable last). Any failure before
 * that removes every temporary file and every directory made for the outputs.
 *
 * Temporary files are named `.NAME.godwarf-PID-RANDOM.tmp` next to where NAME goes, so a stray one
 * is recognisable. They are removed on every error path and, once {@link installSignalCleanup} has
 * run (cli/main.ts), on SIGINT and SIGTERM. Everything here is synchronous, so a signal that
 * arrives while files are written is handled when the write is over: the outputs are then either
 * all in place or none, and no temporary file is left.
 */
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError } from "./output.js";

/** Output too large to hold at once: it writes itself, chunk by chunk, in file order. */
export interface StreamedOutput {
  writeTo(sink: (chunk: Uint8Array) => void): void;
}

export type OutputData = string | Uint8Array | StreamedOutput;

export interface OutputFile {
  path: string;
  data: OutputData;
  /** The mode of a new file, set exactly (not filtered by the umask). An existing file keeps its own. */
  mode: number;
}

/** Why a file-system call failed, in words: never a bare error code. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a directory",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a component of the path is not a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EEXIST: "already exists",
  EXDEV: "the target is on another file system",
  ENXIO: "no such device, or a named pipe with no reader",
  EPIPE: "the reader closed the pipe",
  EIO: "input/output error",
  EBUSY: "device or resource busy",
  ETXTBSY: "the file is a running program",
  EMFILE: "too many open files",
  EFBIG: "file too large",
  EINVAL: "invalid argument",
};

/** A Node file-system error in words ("permission denied"), without its code or syscall. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && REASONS[code] !== undefined) return REASONS[code];
  const msg = e instanceof Error ? e.message : String(e);
  // "EIO: i/o error, write" -> "i/o error"
  const m = /^[A-Z0-9_]+: ([^,]+)(?:, .*)?$/.exec(msg);
  return m?.[1] ?? msg;
}

/** Temporary files of this process not yet renamed or removed (for the signal handlers). */
const liveTemps = new Set<string>();

function removeTemp(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // Nothing more can be done; the name says what it is.
  }
  liveTemps.delete(tmp);
}

/** Removes every temporary file still pending (a signal, or the process leaving abnormally). */
export function removeLiveTemps(): void {
  for (const t of [...liveTemps]) removeTemp(t);
}

let signalsInstalled = false;

/**
 * On SIGINT and SIGTERM, remove this process's temporary files, then die of the signal as the
 * default action would (exit status 128 + the signal number). For the CLI's own process only:
 * tests running the CLI in-process leave their runner's signals alone.
 */
export function installSignalCleanup(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      removeLiveTemps();
      process.kill(process.pid, sig);
    });
  }
  process.on("exit", removeLiveTemps);
}

/** The temporary name for `path`: hidden, next to it, recognisably godwarf's. */
export function tempNameFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.godwarf-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
}

/** Where one output goes, once links are followed. */
type Target =
  /** A new file at `target` (its directory must exist by the time it is written). */
  | { how: "create"; path: string; target: string; st?: undefined }
  /** An existing regular file at `target`, replaced atomically; its mode (and owner) kept. */
  | { how: "replace"; path: string; target: string; st: Stats }
  /** A device, a named pipe or the like, opened through `path` and written in place. */
  | { how: "through"; path: string; target: string; st: Stats };

const MAX_LINKS = 40;

/**
 * Where writing `path` goes. Directories and sockets are refused (CliError); symbolic links are
 * followed, a dangling one to the file it names.
 */
export function outputTarget(path: string): Target {
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Missing here may be a directory still to be made: the write says what is wrong.
    if (code !== "ENOENT" && code !== "ENOTDIR") throw new CliError(`${path}: cannot write: ${fsReason(e)}`);
  }
  if (st !== undefined) {
    if (st.isDirectory()) throw new CliError(`${path}: is a directory: not replaced by a file`);
    if (st.isSocket()) throw new CliError(`${path}: is a socket: cannot write a file to it`);
    if (!st.isFile()) return { how: "through", path, target: path, st };
    let target: string;
    try {
      target = realpathSync(path);
    } catch (e) {
      throw new CliError(`${path}: cannot write: ${fsReason(e)}`);
    }
    return { how: "replace", path, target, st };
  }
  // Nothing there, or a dangling link: follow the chain to the name it ends at.
  let p = resolve(path);
  for (let n = 0; ; n++) {
    let l: Stats;
    try {
      l = lstatSync(p);
    } catch {
      return { how: "create", path, target: p };
    }
    if (!l.isSymbolicLink()) return { how: "create", path, target: p };
    if (n >= MAX_LINKS) throw new CliError(`${path}: cannot write: ${REASONS.ELOOP}`);
    p = resolve(dirname(p), readlinkSync(p));
  }
}

/**
 * mkdir -p that always ends: Node's recursive mkdir never returns for some paths (`/proc/x`).
 * Returns the directories made, outermost first. Errors are CliErrors naming `dir`.
 */
export function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    let st: Stats | undefined;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR")
        throw new CliError(`${dir}: cannot create the directory: ${fsReason(e)}`);
    }
    if (st !== undefined) {
      if (!st.isDirectory())
        throw new CliError(
          `${dir}: cannot create the directory: ${p === resolve(dir) ? "a file that is not a directory is there" : `${p} is not a directory`}`,
        );
      break;
    }
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  const made: string[] = [];
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
      made.push(m);
    } catch (e) {
      for (const d of made.reverse()) {
        try {
          rmdirSync(d);
        } catch {
          // Something else is in it now: leave it.
        }
      }
      throw new CliError(`${dir}: cannot create the directory: ${fsReason(e)}`);
    }
  }
  return made;
}

/** Writes all of `data` to the open file `fd`. */
function writeAll(fd: number, data: OutputData): void {
  if (typeof data !== "string" && !(data instanceof Uint8Array)) {
    data.writeTo((chunk) => writeAll(fd, chunk));
    return;
  }
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let off = 0;
  while (off < bytes.length) {
    off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 24));
  }
}

/** Opens a device or named pipe for writing without ever blocking on a pipe nobody reads. */
function openThrough(t: Target): number {
  if (!t.st?.isFIFO()) return openSync(t.path, constants.O_WRONLY | constants.O_TRUNC);
  let probe: number;
  try {
    probe = openSync(t.path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENXIO")
      throw new CliError(`${t.path}: is a named pipe that no process is reading: nothing written`);
    throw e;
  }
  try {
    // A reader is there: reopen blocking, so a full pipe waits instead of failing with EAGAIN.
    return openSync(t.path, constants.O_WRONLY);
  } finally {
    closeSync(probe);
  }
}

/** Writes `data` in place into a device, a named pipe or the like. */
function writeThrough(t: Target, data: OutputData): void {
  let fd: number | undefined;
  try {
    fd = openThrough(t);
    writeAll(fd, data);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${t.path}: cannot write: ${fsReason(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes a complete temporary file for `t`, registered for cleanup; returns its name. */
function writeTemp(t: Target, f: OutputFile): string {
  const tmp = tempNameFor(t.target);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    liveTemps.add(tmp);
    writeAll(fd, f.data);
    if (t.how === "replace") {
      const st = t.st!;
      if (process.getuid?.() === 0 && (st.uid !== 0 || st.gid !== 0)) {
        try {
          chownSync(tmp, st.uid, st.gid);
        } catch {
          // Best effort, as cp -p without root would be.
        }
      }
      chmodSync(tmp, st.mode & 0o7777);
    } else {
      chmodSync(tmp, f.mode);
    }
    fsyncSync(fd);
    return tmp;
  } catch (e) {
    // Never someone else's file of the same name: only ours is registered.
    if (liveTemps.has(tmp)) removeTemp(tmp);
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${f.path}: cannot write: ${code === "ENOENT" ? "no such directory" : fsReason(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Paths that must hold only regular files or nothing, for a caller's early check. */
export function checkOutputPath(path: string): void {
  outputTarget(path);
}

/**
 * Writes `files` as one (see the module comment), after making `dirs` (each with its parents).
 * Paths must name distinct files. Failures are CliErrors "PATH: cannot write: reason".
 */
export function writeOutputs(files: readonly OutputFile[], dirs: readonly string[] = []): void {
  const targets = files.map((f) => outputTarget(f.path));
  const seen = new Map<string, string>();
  for (const [i, t] of targets.entries()) {
    const key = t.st !== undefined ? `${t.st.dev}:${t.st.ino}` : resolve(t.target);
    const other = seen.get(key);
    // Two outputs on one device (both to /dev/null, say) harm nothing; two on one file would.
    if (other !== undefined && t.how !== "through")
      throw new CliError(`${files[i]!.path}: is the same file as ${other}: each output needs its own`);
    seen.set(key, files[i]!.path);
  }
  const made: string[] = [];
  const temps: string[] = [];
  const undo = (): void => {
    for (const t of temps) if (t !== undefined) removeTemp(t);
    for (const d of made.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // Something else was put there meanwhile: leave it.
      }
    }
  };
  try {
    for (const d of dirs) made.push(...makeDirs(d));
    for (const [i, t] of targets.entries()) {
      if (t.how !== "through") temps[i] = writeTemp(t, files[i]!);
    }
  } catch (e) {
    undo();
    throw e;
  }
  // Every file is complete: now into place, in the order given (the executable last).
  for (const [i, t] of targets.entries()) {
    if (t.how === "through") {
      try {
        writeThrough(t, files[i]!.data);
      } catch (e) {
        undo();
        throw e;
      }
      continue;
    }
    const tmp = temps[i]!;
    try {
      renameSync(tmp, t.target);
      liveTemps.delete(tmp);
    } catch (e) {
      undo();
      throw new CliError(`${files[i]!.path}: cannot write: ${fsReason(e)}`);
    }
  }
}

/** One file, written as {@link writeOutputs} writes (mode 0644 when it is new). */
export function writeOutput(path: string, data: string | Uint8Array, mode = 0o644): void {
  writeOutputs([{ path, data, mode }]);
}
