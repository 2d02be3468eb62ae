/**
 * Where the CLI writes. Output is collected in chunks and handed to the stream in large writes
 * (stdout to a pipe is synchronous on Linux, so this streams without holding the whole dump).
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";

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
