/**
 * `npm run gen:ir`: programs of testdata/ir regenerated, in place, from real builds.
 * For each document listed below, its `source` (a main package: one file, or several, each opened by
 * a line `// NAME.go`) is built in a fresh module by the instrumented cmd/compile (`godwarf
 * capture`, cli/go/capture.ts) with the document's DWARF version and flags, and NAME.json becomes
 * what the compiler gave dwarfgen for package main: functions, globals, constants, files (the
 * module's directory written `/home/gopher/NAME`) and the `types` table the capture wrote from the
 * compiler's own types. Nothing in them is written by hand.
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
import type { IrProgram } from "../compiler/ir.js";
import { validateIr } from "../compiler/ir-validate.js";

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
  { file: "closures.json", name: "closures", dwarf: 5 },
  { file: "globals.json", name: "globals", dwarf: 4 },
  { file: "inline.json", name: "inline", dwarf: 5 },
];

/**
 * The files of a `source`: sections each opened by a line `// NAME.go` (the line itself left
 * out), or, without such a first line, the one file main.go.
 */
function sourceFiles(source: string): [name: string, text: string][] {
  const header = /^\/\/ ([\w.-]+\.go)\n/;
  if (!header.test(source)) return [["main.go", source]];
  const out: [string, string][] = [];
  for (const part of source.split(/^(?=\/\/ [\w.-]+\.go\n)/m)) {
    const m = header.exec(part);
    if (m === null) throw new Error(`source: text before the first "// NAME.go" line`);
    out.push([m[1]!, part.slice(m[0].length).replace(/\n+$/, "\n")]);
  }
  return out;
}

const root = resolve(import.meta.dirname, "..");
const irDir = join(root, "testdata", "ir");

function generate(g: Generated, work: string): void {
  const path = join(irDir, g.file);
  const outPath = path;
  const old = JSON.parse(readFileSync(path, "utf8")) as IrProgram & { source?: string };
  if (typeof old.source !== "string") throw new Error(`${path}: no source to build`);
  const mod = join(work, g.name);
  mkdirSync(mod, { recursive: true });
  writeFileSync(join(mod, "go.mod"), `module ${g.name}\n\ngo 1.26\n`);
  for (const [name, text] of sourceFiles(old.source)) writeFileSync(join(mod, name), text);
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
  const { irVersion, toolchain, package: pkg, goos, goarch, dwarfVersion, flags, types, ...rest } = p;
  if (types === undefined) throw new Error(`${g.file}: the capture wrote no types table`);
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
