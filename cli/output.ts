/**
 * Where the CLI writes. Output is collected in chunks and written to standard output in large
 * synchronous writes (writeAllSync), so a dump streams without holding the whole of it.
 */
import { statSync, writeSync } from "node:fs";
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
  // One string grown by concatenation: V8 keeps it as a rope and flattens it once per chunk, which
  // costs less than joining an array of millions of small strings.
  private buf = "";

  constructor(
    private readonly out: (s: string) => void,
    private readonly chunk = 1 << 20,
  ) {}

  write(s: string): void {
    this.buf += s;
    if (this.buf.length >= this.chunk) this.flush();
  }

  flush(): void {
    if (this.buf.length === 0) return;
    const s = this.buf;
    this.buf = "";
    this.out(s);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `chunk` to file descriptor `fd` before returning. process.stdout.write queues in
 * memory whatever a pipe does not take at once, so a dump of hundreds of MB into a slow reader
 * (`| jq`, `| wc`) would be held whole; a non-blocking pipe's EAGAIN waits a millisecond and
 * retries instead. A reader that went away (EPIPE, `| head`) ends the process quietly, as main.ts
 * does for the stream.
 */
export function writeAllSync(fd: number, chunk: string | Uint8Array): void {
  let bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
  while (bytes.length > 0) {
    let n: number;
    try {
      n = writeSync(fd, bytes);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === "EPIPE") process.exit(0);
      throw e;
    }
    bytes = bytes.subarray(n);
  }
}

/** The real process streams. */
export const processIO: CliIO = {
  stdout: (c) => writeAllSync(1, c),
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
