/**
 * Reading the compiler's inputs and outputs for the CLI: a program IR (validated), or an object
 * file, from a path. Thin: parsing and validation live in compiler/ (ir-validate.ts, objfile/).
 */

import { CompileError } from "../../compiler/obj/link.js";
import { compile, type ObjFile } from "../../compiler/gc/compile.js";
import type { IrProgram } from "../../compiler/ir.js";
import { ObjJsonError } from "../../compiler/objfile/errors.js";
import { objFromJson, parseJsonText } from "../../compiler/objfile/read.js";
import { validateIr } from "../../compiler/ir-validate.js";
import { readJsonInput } from "../input.js";
import { CliError } from "../output.js";

/** A JSON input's text, read with bounded work (cli/input.ts); failures are CliErrors "FILE: reason". */
export function readInputText(file: string): string {
  return readJsonInput(file);
}

/** Compiles a program, turning the compiler's complaints into "FILE: problem". */
export function compileProgram(program: IrProgram, file: string, provenance: boolean): ObjFile {
  try {
    // A program without a types table (a hand-made one may lack it): its DWARF, without descriptors.
    return compile(program, { provenance, typeDescriptors: program.types !== undefined });
  } catch (e) {
    if (e instanceof CompileError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
}

/**
 * Added to a link's "missing type" (or undefined go:info.T) error when a program has no types table
 * (a hand-made document may lack it; godwarf capture writes one): its objects carry no type
 * descriptors to make type DIEs of.
 */
export function noTypesHint(message: string, programs: readonly IrProgram[]): string {
  if (!/missing type|go:info\./.test(message) || programs.every((p) => p.types !== undefined)) return message;
  return `${message} (a program without a types table has no type descriptors for the linker's type DIEs: compile, objdump and conform --compiler take it, a link does not; godwarf capture writes the table)`;
}

/**
 * An object file, or a program IR compiled in memory (with provenance, so --explain can name the
 * writer of every byte): whichever the document is, by its "godwarfObject" or "irVersion" field.
 */
export function loadObjectOrProgram(file: string): ObjFile {
  const text = readJsonInput(file);
  const doc = parseJsonText(text, file);
  if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) {
    if ("godwarfObject" in doc) return objFromJson(doc, file);
    if ("irVersion" in doc) return compileProgram(validateIr(doc, file), file, true);
  }
  throw new ObjJsonError(
    file,
    "",
    'neither an object file (no "godwarfObject" field) nor a program IR (no "irVersion" field)',
  );
}
