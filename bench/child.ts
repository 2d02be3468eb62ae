/**
 * One benchmark run in a fresh process (bench/main.ts forks one per size and repetition, with
 * --expose-gc, so that peak memory is this run's alone): runs the pipeline, or with --real the
 * real-objects row (real.ts), and sends the result to the parent over IPC, or prints it as JSON
 * when started by hand.
 *
 *   node --expose-gc --import tsx bench/child.ts --functions 10000 [--per-object 100] [--seed 1] [--warmup 500] [--check]
 *   node --expose-gc --import tsx bench/child.ts --real [--warmup 0] [--go-runs 3]
 */
import { parseArgs } from "node:util";
import { runOnce } from "./pipeline.js";
import { runReal } from "./real.js";

const { values } = parseArgs({
  options: {
    functions: { type: "string" },
    "per-object": { type: "string" },
    seed: { type: "string" },
    warmup: { type: "string" },
    check: { type: "boolean", default: false },
    real: { type: "boolean", default: false },
    "go-runs": { type: "string" },
  },
  strict: true,
});
const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name}: expected a positive integer, got ${v}`);
  return n;
};

const warmup = values.warmup === undefined ? undefined : Number(values.warmup);
if (warmup !== undefined && !(Number.isSafeInteger(warmup) && warmup >= 0))
  throw new Error(`--warmup: expected an integer >= 0, got ${values.warmup}`);

async function run(): Promise<unknown> {
  if (values.real) {
    const goRuns = num(values["go-runs"], "go-runs");
    // The real row's warm-up is a whole program (testdata/go/sample): on unless --warmup 0.
    return runReal({ warmup: warmup !== 0, ...(goRuns !== undefined && { goRuns }) });
  }
  const functions = num(values.functions, "functions");
  if (functions === undefined) throw new Error("--functions is required");
  const perObject = num(values["per-object"], "per-object");
  const seed = num(values.seed, "seed");
  return runOnce({
    functions,
    ...(perObject !== undefined && { perObject }),
    ...(seed !== undefined && { seed }),
    ...(warmup !== undefined && { warmup }),
    check: values.check,
  });
}

const result = await run();
if (process.send !== undefined) process.send(result, () => process.disconnect());
else process.stdout.write(`${JSON.stringify(result)}\n`);
