/**
 * `godwarf conform --compiler DIR`: every package of a capture (capture.ts) compiled by the model
 * from its program IR, with provenance, and compared with the object the real compiler wrote
 * (conform/compiler.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compile, type ObjFile } from "../../compiler/gc/compile.js";
import type { IrProgram } from "../../compiler/ir.js";
import { goObjView } from "../../compiler/objfile/goobj.js";
import { profileFor } from "../../compiler/profile.js";
import {
  type CompilerPackageReport,
  compareCompiled,
  countDwarfSyms,
  type ForeignNames,
  formatCompilerReport,
} from "../../conform/compiler.js";
import { type CliIO, processIO } from "../output.js";
import { readArchive } from "../../goobj/archive.js";
import { GoObjFile } from "../../goobj/objfile.js";
import { readCaptureManifest } from "./capture.js";

export interface CompilerConformResult {
  dir: string;
  goVersion: string;
  packages: CompilerPackageReport[];
  /** Totals over all packages. */
  compared: number;
  identical: number;
}

/** The real object of a captured archive: its `_go_.o` member. */
export function realObject(archive: Uint8Array, file: string): GoObjFile {
  const member = readArchive(archive).find((m) => m.name === "_go_.o");
  if (member === undefined) throw new Error(`${file}: no _go_.o in the archive`);
  return new GoObjFile(member.data, `${file}(_go_.o)`);
}

/** Compile and compare one captured package. */
export function conformPackage(
  program: IrProgram,
  archive: Uint8Array,
  file: string,
  foreign?: ForeignNames,
): CompilerPackageReport {
  const profile = profileFor(program.toolchain);
  const view = goObjView(realObject(archive, file), program.package.path, profile);
  let model: ObjFile;
  try {
    model = compile(withSlices(program), { provenance: true, typeDescriptors: false });
  } catch (e) {
    return {
      importPath: program.package.path,
      compared: countDwarfSyms(view),
      identical: 0,
      extra: 0,
      first: undefined,
      differing: [],
      error: e instanceof Error ? e.message : String(e),
    };
  }
  return compareCompiled(program.package.path, view, model, foreign);
}

/** The program with Go's nil slices (JSON null) as empty. */
function withSlices(program: IrProgram): IrProgram {
  return { ...program, files: program.files ?? [], functions: program.functions ?? [] };
}

export function conformCapture(
  dir: string,
  onPackage: (p: CompilerPackageReport, i: number, n: number) => void = () => {},
): CompilerConformResult {
  const m = readCaptureManifest(dir);
  const out: CompilerConformResult = { dir, goVersion: m.goVersion, packages: [], compared: 0, identical: 0 };
  // Names of other packages' symbols, from their captured objects (opened when first needed).
  const archives = new Map(m.packages.map((p) => [p.importPath, join(dir, p.archive)]));
  const opened = new Map<string, GoObjFile | undefined>();
  const foreign: ForeignNames = (pkg, index) => {
    if (!opened.has(pkg)) {
      const f = archives.get(pkg);
      opened.set(pkg, f === undefined ? undefined : realObject(readFileSync(f), f));
    }
    const o = opened.get(pkg);
    return o !== undefined && index < o.ndef ? o.sym(index).name : undefined;
  };
  m.packages.forEach((p, i) => {
    const program = JSON.parse(readFileSync(join(dir, p.ir), "utf8")) as IrProgram;
    const rep = conformPackage(program, readFileSync(join(dir, p.archive)), join(dir, p.archive), foreign);
    out.packages.push(rep);
    out.compared += rep.compared;
    out.identical += rep.identical;
    onPackage(rep, i, m.packages.length);
  });
  return out;
}

/**
 * The version of `conform --compiler --json`'s document. 2: no `skipped` count per package (ABI0
 * twins are compared, labelled NAME<ABI0>).
 */
export const COMPILER_CONFORM_SCHEMA_VERSION = 2;

/** `godwarf conform --compiler DIR [--json]`: exit 0 only when every symbol is identical. */
export function runCompilerConform(dir: string, json: boolean, io: CliIO): number {
  const tty = io === processIO && process.stderr.isTTY === true;
  let r: CompilerConformResult;
  try {
    r = conformCapture(dir, (p, i, n) => {
      if (tty) io.stderr(`\r\x1b[K${i + 1}/${n} ${p.importPath}`);
    });
  } finally {
    if (tty) io.stderr("\r\x1b[K");
  }
  const ok = r.packages.every((p) => p.error === undefined && p.first === undefined && p.extra === 0);
  if (json) {
    io.stdout(
      `${JSON.stringify({ schemaVersion: COMPILER_CONFORM_SCHEMA_VERSION, allIdentical: ok, ...r }, null, 2)}\n`,
    );
  } else {
    const lines: string[] = [];
    for (const p of r.packages) lines.push(...formatCompilerReport(p));
    const pct = r.compared === 0 ? 100 : (100 * r.identical) / r.compared;
    const okPkgs = r.packages.filter(
      (p) => p.error === undefined && p.first === undefined && p.extra === 0,
    ).length;
    lines.push(
      `${ok ? "identical" : "DIFFERENT"}: ${r.identical}/${r.compared} DWARF symbols identical (${pct.toFixed(2)}%), ${okPkgs}/${r.packages.length} packages entirely (${r.goVersion}, ${dir})`,
    );
    io.stdout(`${lines.join("\n")}\n`);
  }
  return ok ? 0 : 1;
}
