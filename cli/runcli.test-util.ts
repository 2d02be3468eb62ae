/** Runs the CLI in-process (cli/app.ts runCli) and collects its exit status and output, for tests. */
import { runCli } from "./app.js";
import "./commands/all.js";

export interface CliRun {
  status: number;
  /** Standard output as text. */
  out: string;
  /** Standard output as bytes (for binary output such as `abbrev`). */
  bytes: Uint8Array;
  err: string;
}

export function cli(...args: string[]): CliRun {
  const chunks: Uint8Array[] = [];
  let err = "";
  const enc = new TextEncoder();
  const status = runCli(args, {
    stdout: (c) => chunks.push(typeof c === "string" ? enc.encode(c) : c),
    stderr: (c) => {
      err += c;
    },
  });
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    bytes.set(c, p);
    p += c.length;
  }
  return { status, out: new TextDecoder().decode(bytes), bytes, err };
}
