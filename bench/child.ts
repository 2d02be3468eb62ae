/**
 * One benchmark run in a fresh process (bench/main.ts forks one per size and repetition, with
 * --expose-gc, so that peak memory is this run's alone): runs the pipeline and sends the result to
 * the parent over IPC, or prints it as JSON when started by hand.
 *
 *   node --expose-gc --import tsx bench/child.ts --functions 10000 [--per-object 100] [--seed 1] [--warmup 500] [--check]
 */
import { parseArgs } from "node:util";
import { runOnce } from "./pipeline.js";

const { values } = parseArgs({
  options: {
    functions: { type: "string" },
    "per-object": { type: "string" },
    seed: { type: "string" },
    warmup: { type: "string" },
    check: { type: "boolean", default: false },
  },
  strict: true,
});
const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name}: expected a positive integer, got ${v}`);
  return n;
};

const functions = num(values.functions, "functions");
if (functions === undefined) throw new Error("--functions is required");
const perObject = num(values["per-object"], "per-object");
const seed = num(values.seed, "seed");
const warmup = values.warmup === undefined ? undefined : Number(values.warmup);
if (warmup !== undefined && !(Number.isSafeInteger(warmup) && warmup >= 0))
  throw new Error(`--warmup: expected an integer >= 0, got ${values.warmup}`);
const result = await runOnce({
  functions,
  ...(perObject !== undefined && { perObject }),
  ...(seed !== undefined && { seed }),
  ...(warmup !== undefined && { warmup }),
  check: values.check,
});
if (process.send !== undefined) process.send(result, () => process.disconnect());
else process.stdout.write(`${JSON.stringify(result)}\n`);
