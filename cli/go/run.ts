/**
 * Running the machine's `go` command. Synchronous, like the rest of the CLI; a long build can
 * still report progress: the child runs from a worker thread that counts matching lines of its
 * standard error into shared memory, while this thread sleeps on that counter (Atomics.wait) and
 * hands each new count to a callback.
 */
import { spawnSync } from "node:child_process";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { CliError } from "../output.js";

/** Where and with what environment go runs (the whole environment, not additions). */
export interface GoEnv {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface GoRun {
  status: number;
  stdout: string;
  stderr: string;
}

const NO_GO =
  "go: command not found (godwarf runs the machine's Go for this; install Go 1.26 and put it on PATH)";

/** Runs `go ARGS` to completion. Throws only when go cannot be started. */
export function runGo(args: readonly string[], where: GoEnv): GoRun {
  const r = spawnSync("go", args, {
    cwd: where.cwd,
    env: where.env,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.error !== undefined) throw startError(r.error, where.cwd);
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `go ARGS` and returns its standard output; a failure is a CliError "WHAT: go's message". */
export function goOutput(args: readonly string[], where: GoEnv, what = `go ${args.join(" ")}`): string {
  const r = runGo(args, where);
  if (r.status !== 0) throw goFailed(what, r);
  return r.stdout;
}

/** The CliError for a go command that failed: what was run, then what go said (trimmed). */
export function goFailed(what: string, r: GoRun): CliError {
  const lines = r.stderr.trim().split("\n");
  const said = lines.length > 20 ? [...lines.slice(0, 20), `... (${lines.length - 20} more lines)`] : lines;
  return new CliError(`${what}: ${said.join("\n") || `exit status ${r.status}`}`);
}

function startError(e: Error, cwd: string): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" && (e as NodeJS.ErrnoException).path === "go") return new CliError(NO_GO);
  return new CliError(`${cwd}: cannot run go: ${e.message}`);
}

/** The worker: spawns the command, counts stderr lines matching the pattern, posts the result. */
const WORKER = `
const { workerData } = require("node:worker_threads");
const { spawn } = require("node:child_process");
const { args, cwd, env, pattern, port, shared } = workerData;
const state = new Int32Array(shared);
let done = false;
const finish = (msg) => {
  if (done) return;
  done = true;
  port.postMessage(msg);
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
};
process.on("uncaughtException", (e) => finish({ error: { message: String(e && e.stack || e) } }));
const re = new RegExp(pattern);
const out = [];
const err = [];
let partial = "";
const child = spawn("go", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
child.on("error", (e) => finish({ error: { code: e.code, path: e.path, message: e.message } }));
child.stdout.on("data", (c) => out.push(c));
child.stderr.on("data", (c) => {
  err.push(c);
  const lines = (partial + c.toString("latin1")).split("\\n");
  partial = lines.pop();
  let n = 0;
  for (const l of lines) if (re.test(l)) n++;
  if (n > 0) {
    Atomics.add(state, 1, n);
    Atomics.notify(state, 0);
  }
});
child.on("close", (status) =>
  finish({ status: status === null ? 1 : status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
);
`;

interface WorkerResult {
  status?: number;
  stdout?: Uint8Array;
  stderr?: Uint8Array;
  error?: { code?: string; path?: string; message: string };
}

/**
 * Runs `go ARGS` to completion like runGo, calling `onCount(n)` whenever the number of standard
 * error lines matching `pattern` so far changes (and once with 0 at the start).
 */
export function runGoCounting(
  args: readonly string[],
  where: GoEnv,
  pattern: RegExp,
  onCount: (n: number) => void,
): GoRun {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared); // [done, count]
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      args: [...args],
      cwd: where.cwd,
      env: { ...where.env },
      pattern: pattern.source,
      port: port2,
      shared,
    },
    transferList: [port2],
  });
  worker.unref();
  let shown = -1;
  try {
    while (Atomics.load(state, 0) === 0) {
      const n = Atomics.load(state, 1);
      if (n !== shown) {
        shown = n;
        onCount(n);
      }
      Atomics.wait(state, 0, 0, 250);
    }
    const msg = receiveMessageOnPort(port1)?.message as WorkerResult | undefined;
    if (msg === undefined)
      throw new CliError(`${where.cwd}: cannot run go: the worker ended without a result`);
    if (msg.error !== undefined) {
      const e = Object.assign(new Error(msg.error.message), msg.error);
      throw startError(e, where.cwd);
    }
    const n = Atomics.load(state, 1);
    if (n !== shown) onCount(n);
    const text = new TextDecoder();
    return { status: msg.status ?? 1, stdout: text.decode(msg.stdout), stderr: text.decode(msg.stderr) };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
