/**
 * Where the CLI writes. Output is collected in chunks and handed to the stream in large writes
 * (stdout to a pipe is synchronous on Linux, so this streams without holding the whole dump).
 */
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
