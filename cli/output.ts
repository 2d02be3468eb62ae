/**
 * Where the CLI writes. Output is collected in chunks and handed to the stream in large writes
 * (stdout to a pipe is synchronous on Linux, so this streams without holding the whole dump).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export interface Sink {
  write(s: string): void;
}

export interface CliIO {
  /** Text or bytes for standard output. */
  stdout(chunk: string | Uint8Array): void;
  stderr(chunk: string): void;
}

/** Buffers small writes into chunks of about `chunk` characters. */
export class ChunkedSink implements Sink {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly out: (s: string) => void,
    private readonly chunk = 1 << 20,
  ) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.chunk) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.out(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

/** The real process streams. */
export const processIO: CliIO = {
  stdout: (c) => {
    process.stdout.write(c);
  },
  stderr: (c) => {
    process.stderr.write(c);
  },
};

/** A failure already phrased as "FILE: problem": printed as is, exit status 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}

/** Bad usage found after parsing (exit status 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Writes `data` to `path` atomically: into a temporary file in the same directory, then renamed
 * over `path`. A failure leaves `path` as it was and no temporary file behind. `mode` is set
 * exactly (chmod, not filtered by the umask) when given; otherwise 0644 less the umask.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, data, { flag: "wx", mode: mode ?? 0o644 });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** True when `a` and `b` name the same file (same path, or the same inode through a link). */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Why a write failed, in a few words (for "FILE: cannot write: reason"). */
export const WRITE_REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such directory",
  EACCES: "permission denied",
  EISDIR: "is a directory",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  ENOTDIR: "not a directory",
};

/** writeFileAtomic, with a failure reported as CliError "FILE: cannot write: reason". */
export function writeOutput(path: string, data: string | Uint8Array, mode?: number): void {
  try {
    writeFileAtomic(path, data, mode);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      `${path}: cannot write: ${(code !== undefined && WRITE_REASONS[code]) || (e as Error).message}`,
    );
  }
}
