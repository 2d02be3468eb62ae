/**
 * `npm run gen:ir`: programs of testdata/ir regenerated, in place, from real builds.
 * For each document listed below, its `source` (a one-file main package) is built in a fresh module
 * by the instrumented cmd/compile (`godwarf capture`, cli/go/capture.ts) with the document's DWARF
 * version and flags, and NAME.json becomes what the compiler gave dwarfgen for package
 * main: functions, globals, constants, files (the module's directory written `/home/gopher/NAME`),
 * plus the `types` table (what the IR's type names refer to, transitively) lifted from the type
 * DIEs of the binary that same build linked (compiler/runtime/lift-types.ts), which the linker
 * needs and a capture does not record. Nothing in them is written by hand.
 *
 * The other documents are written by hand, and each says why in its `origin` (testdata/ir/README.md).
 *
 * Run: `npm run gen:ir` (Go 1.26 with its sources; offline: GOTOOLCHAIN=local GOPROXY=off).
 * `npm run gen:ir -- sample.json` regenerates one document.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { capture } from "../cli/go/capture.js";
import type { IrProgram, IrType } from "../compiler/ir.js";
import { validateIr } from "../compiler/ir-validate.js";
import { liftTypes, typeClosure } from "../compiler/runtime/lift-types.js";

interface Generated {
  file: string;
  /** The module's name, and the directory the files are written under (/home/gopher/NAME). */
  name: string;
  dwarf: 4 | 5;
  /** -gcflags for package main ("-N -l"). */
  gcflags?: string;
}

/** The documents whose `source` is built and captured. */
export const GENERATED: readonly Generated[] = [
  { file: "sample.json", name: "sample", dwarf: 5 },
  { file: "generics.json", name: "generics", dwarf: 5 },
  { file: "unoptimized.json", name: "unoptimized", dwarf: 5, gcflags: "-N -l" },
];

const root = resolve(import.meta.dirname, "..");
const irDir = join(root, "testdata", "ir");

/** Every type name the program uses: `type` fields (less untyped constants) and autot lists. */
function typeNames(v: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(v)) for (const x of v) typeNames(x, out);
  else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k === "type" && typeof x === "string") {
        if (!x.startsWith("untyped ")) out.add(x);
      } else if ((k === "autot" || k === "autoTypes") && Array.isArray(x)) {
        for (const t of x) if (typeof t === "string") out.add(t);
      } else if (k !== "types") typeNames(x, out);
    }
  }
  return out;
}

function generate(g: Generated, work: string): void {
  const path = join(irDir, g.file);
  const outPath = path;
  const old = JSON.parse(readFileSync(path, "utf8")) as IrProgram & { source?: string };
  if (typeof old.source !== "string") throw new Error(`${path}: no source to build`);
  const mod = join(work, g.name);
  mkdirSync(mod, { recursive: true });
  writeFileSync(join(mod, "go.mod"), `module ${g.name}\n\ngo 1.26\n`);
  writeFileSync(join(mod, "main.go"), old.source);
  const exe = join(work, `${g.name}.exe`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOTOOLCHAIN: "local",
    GOPROXY: "off",
    GOFLAGS: "-mod=mod",
  };
  if (g.dwarf === 4) env.GOEXPERIMENT = "nodwarf5";
  else delete env.GOEXPERIMENT;
  const args = ["build", "-o", exe, ...(g.gcflags !== undefined ? [`-gcflags=${g.gcflags}`] : []), "."];
  const cap = join(work, `${g.name}.cap`);
  const m = capture(args, cap, { cwd: mod, env });
  const main = m.packages.find((p) => p.importPath === "main");
  if (main === undefined) throw new Error(`${g.file}: the capture has no package main`);
  const p = JSON.parse(readFileSync(join(cap, main.ir), "utf8")) as IrProgram;

  const files = (p.files ?? []).map((f) =>
    f.startsWith(`${mod}/`) ? `/home/gopher/${g.name}/${f.slice(mod.length + 1)}` : f,
  );
  const lifted = liftTypes(new Uint8Array(readFileSync(exe)), exe);
  const roots = [...typeNames(p, new Set())].sort();
  const types: Record<string, IrType> = Object.fromEntries(typeClosure(lifted.types, roots));
  const { irVersion, toolchain, package: pkg, goos, goarch, dwarfVersion, flags, ...rest } = p;
  const out = {
    irVersion,
    source: old.source,
    origin: `captured: \`npm run gen:ir\` (scripts/gen-ir.ts) built \`source\` with ${m.goVersion}${g.dwarf === 4 ? " (GOEXPERIMENT=nodwarf5)" : ""}${g.gcflags !== undefined ? ` and -gcflags='${g.gcflags}'` : ""} under godwarf capture; nothing here is written by hand`,
    toolchain,
    package: pkg,
    goos,
    goarch,
    dwarfVersion,
    ...(flags !== undefined && Object.keys(flags).length > 0 ? { flags } : {}),
    ...rest,
    files,
    functions: p.functions ?? [],
    types,
  };
  const text = `${JSON.stringify(out, null, 2)}\n`;
  validateIr(JSON.parse(text), g.file);
  writeFileSync(outPath, text);
  console.log(
    `${outPath}: ${out.functions.length} functions, ${Object.keys(types).length} types (${m.goVersion})`,
  );
}

const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), "godwarf-gen-ir-"));
try {
  const todo = GENERATED.filter((g) => only.length === 0 || only.includes(g.file));
  if (todo.length === 0)
    throw new Error(
      `nothing to generate: ${only.join(" ")} (generated: ${GENERATED.map((g) => g.file).join(" ")})`,
    );
  for (const g of todo) generate(g, work);
  execFileSync("npx", ["biome", "format", "--write", ...todo.map((g) => join(irDir, g.file))], {
    cwd: root,
    stdio: "inherit",
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
