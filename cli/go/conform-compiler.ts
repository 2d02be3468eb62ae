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
import { type CompilerPackageReport, compareCompiled, countDwarfSyms } from "../../conform/compiler.js";
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
export function conformPackage(program: IrProgram, archive: Uint8Array, file: string): CompilerPackageReport {
  const profile = profileFor(program.toolchain);
  const view = goObjView(realObject(archive, file), program.package.path, profile);
  let model: ObjFile;
  try {
    model = compile(dedupe(program), { provenance: true, typeDescriptors: false });
  } catch (e) {
    return {
      importPath: program.package.path,
      compared: countDwarfSyms(view),
      identical: 0,
      extra: 0,
      skipped: 0,
      first: undefined,
      differing: [],
      error: e instanceof Error ? e.message : String(e),
    };
  }
  return compareCompiled(program.package.path, view, model);
}

/**
 * The program with Go's nil slices (JSON null) as empty, and only the first function of each
 * name: an ABI0 wrapper and its ABIInternal function share a name, which the model's symbol
 * lookup (by name alone) cannot hold twice.
 */
function dedupe(program: IrProgram): IrProgram {
  const seen = new Set<string>();
  const functions = (program.functions ?? []).filter((f) => {
    if (seen.has(f.name)) return false;
    seen.add(f.name);
    return true;
  });
  return { ...program, files: program.files ?? [], functions };
}

export function conformCapture(
  dir: string,
  onPackage: (p: CompilerPackageReport, i: number, n: number) => void = () => {},
): CompilerConformResult {
  const m = readCaptureManifest(dir);
  const out: CompilerConformResult = { dir, goVersion: m.goVersion, packages: [], compared: 0, identical: 0 };
  m.packages.forEach((p, i) => {
    const program = JSON.parse(readFileSync(join(dir, p.ir), "utf8")) as IrProgram;
    const rep = conformPackage(program, readFileSync(join(dir, p.archive)), join(dir, p.archive));
    out.packages.push(rep);
    out.compared += rep.compared;
    out.identical += rep.identical;
    onPackage(rep, i, m.packages.length);
  });
  return out;
}
