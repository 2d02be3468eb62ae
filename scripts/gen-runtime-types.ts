/**
 * Regenerates compiler/runtime/runtime-types.ts from a real Go binary: builds testdata/go/runtimetypes
 * (an empty main) with the machine's Go the way test/gobuild.ts does (GOTOOLCHAIN=local,
 * GOPROXY=off, default flags), lifts its type DIEs (compiler/runtime/lift-types.ts), keeps the
 * runtime's types the linker needs and what they refer to, writes the file and formats it with
 * Biome. Run: `npx tsx scripts/gen-runtime-types.ts`.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  definitionOrder,
  liftTypes,
  renderRuntimeTypes,
  runtimeTable,
  runtimeTypeRoots,
} from "../compiler/runtime/lift-types.js";
import { goBuild } from "../test/gobuild.js";

const root = resolve(import.meta.dirname, "..");
const bin = goBuild("testdata/go/runtimetypes");
const lifted = liftTypes(new Uint8Array(readFileSync(bin)), bin);
const goVersion = lifted.goVersion;
if (goVersion === undefined) throw new Error(`${bin}: no Go version in the producer`);
const types = runtimeTable(lifted, runtimeTypeRoots());
const unreachable = [...types.keys()].filter((n) => !lifted.reachable.has(n));
const out = resolve(root, "compiler/runtime/runtime-types.ts");
writeFileSync(
  out,
  renderRuntimeTypes(types, {
    goVersion,
    command: "`go build` of testdata/go/runtimetypes (GOTOOLCHAIN=local GOPROXY=off, default flags)",
    unreachable,
    defined: definitionOrder(lifted, types),
  }),
);
execFileSync("npx", ["biome", "format", "--write", out], { cwd: root, stdio: "inherit" });
console.log(`${out}: ${types.size} types (${unreachable.length} unreachable) from ${goVersion}`);
